package dev.precip.fetcher.messaging;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.RawPageHeaders;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes raw pages, untouched, to the replay log ({@code noaa.pages.raw}). */
@ApplicationScoped
public class RawPagePublisher {

  /** Outgoing channel of raw pages. */
  public static final String PAGES_OUT = "pages-out";

  private final MutinyEmitter<String> emitter;

  public RawPagePublisher(@Channel(PAGES_OUT) MutinyEmitter<String> emitter) {
    this.emitter = emitter;
  }

  /** Returns once the broker has acknowledged the page: a page is never counted before that. */
  public void publish(PageIdentity page, String dataset, String body, long fetchedAtMs) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, RawPageHeaders.JOB_ID, page.jobId());
    add(headers, RawPageHeaders.WINDOW_START, page.windowStart());
    add(headers, RawPageHeaders.WINDOW_END, page.windowEnd());
    add(headers, RawPageHeaders.OFFSET, Integer.toString(page.offset()));
    add(headers, RawPageHeaders.FETCHED_AT, Long.toString(fetchedAtMs));
    add(headers, RawPageHeaders.DATASET, dataset);
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(page.key())
            .withHeaders(headers)
            .build();
    emitter.sendMessageAndAwait(Message.of(body).addMetadata(metadata));
  }

  private static void add(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
