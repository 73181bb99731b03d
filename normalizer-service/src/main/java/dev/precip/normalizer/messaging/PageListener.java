package dev.precip.normalizer.messaging;

import dev.precip.normalizer.service.NormalizedPage;
import dev.precip.normalizer.service.PageNormalizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes raw pages. A page is acknowledged (its offset may be committed) only after every record
 * and rejection cut from it is acknowledged by the broker.
 */
@ApplicationScoped
public class PageListener {

  /** Incoming channel of raw pages. */
  public static final String PAGES_IN = "pages-in";

  private static final Logger LOG = Logger.getLogger(PageListener.class);

  private final PageNormalizer normalizer;
  private final NormalizedPublisher publisher;
  private final Counter pages;
  private final Counter records;
  private final Counter rejected;

  public PageListener(
      PageNormalizer normalizer, NormalizedPublisher publisher, MeterRegistry registry) {
    this.normalizer = normalizer;
    this.publisher = publisher;
    this.pages = registry.counter("normalizer.pages");
    this.records = registry.counter("normalizer.records.out");
    this.rejected = registry.counter("normalizer.records.rejected");
  }

  @Incoming(PAGES_IN)
  public Uni<Void> consume(Message<String> page) {
    IncomingKafkaRecordMetadata<?, ?> kafka =
        page.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
    String key = kafka == null || kafka.getKey() == null ? null : kafka.getKey().toString();
    // a compacted topic needs a key: a page without one is named by its place in the raw topic
    String summaryKey =
        key != null
            ? key
            : kafka == null ? "unkeyed" : "raw@" + kafka.getPartition() + ":" + kafka.getOffset();
    long now = System.currentTimeMillis();
    NormalizedPage result = normalizer.normalize(key, page.getPayload(), now);
    return publisher
        .publish(summaryKey, result, now)
        .invoke(
            () -> {
              pages.increment();
              records.increment(result.records().size());
              rejected.increment(result.rejects().size());
              LOG.debugf(
                  "page %s: %d items, %d records, %d rejected",
                  summaryKey, result.items(), result.records().size(), result.rejects().size());
            })
        .onItemOrFailure()
        .transformToUni(
            (ok, failure) ->
                Uni.createFrom()
                    .completionStage(failure == null ? page.ack() : page.nack(failure)));
  }
}
