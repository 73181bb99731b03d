package dev.precip.normalizer.messaging;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PageNormalized;
import dev.precip.contracts.PrecipRecord;
import dev.precip.contracts.RejectedRecord;
import dev.precip.normalizer.service.NormalizedPage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Sends a normalized page's records, rejections and per-page summary; completes when the broker has
 * them all.
 */
@ApplicationScoped
public class NormalizedPublisher {

  /** Normalized records, keyed by station. */
  public static final String RECORDS_OUT = "records-out";

  /** Rejected records and pages, with a reason. */
  public static final String REJECTS_OUT = "rejects-out";

  /** Per-page counts, keyed by page (a compacted topic). */
  public static final String SUMMARIES_OUT = "summaries-out";

  private final MutinyEmitter<PrecipRecord> records;
  private final MutinyEmitter<RejectedRecord> rejects;
  private final MutinyEmitter<PageNormalized> summaries;

  public NormalizedPublisher(
      @Channel(RECORDS_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
          MutinyEmitter<PrecipRecord> records,
      @Channel(REJECTS_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
          MutinyEmitter<RejectedRecord> rejects,
      @Channel(SUMMARIES_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
          MutinyEmitter<PageNormalized> summaries) {
    this.records = records;
    this.rejects = rejects;
    this.summaries = summaries;
  }

  /** Sends the page's records, rejections and summary; completes when all are acknowledged. */
  public Uni<Void> publish(String pageKey, NormalizedPage page, long now) {
    List<Uni<Void>> sends = new ArrayList<>(page.records().size() + page.rejects().size());
    for (PrecipRecord record : page.records()) {
      sends.add(records.sendMessage(keyed(record.station(), record)));
    }
    for (RejectedRecord reject : page.rejects()) {
      sends.add(rejects.sendMessage(keyed(reject.pageKey(), reject)));
    }
    PageNormalized summary =
        new PageNormalized(
            pageKey,
            PageIdentity.tryParse(pageKey).map(PageIdentity::jobId).orElse(null),
            page.items(),
            page.records().size(),
            page.rejects().size(),
            now);
    sends.add(summaries.sendMessage(keyed(pageKey, summary)));
    return Uni.join().all(sends).andFailFast().replaceWithVoid();
  }

  private static <T> Message<T> keyed(String key, T payload) {
    return Message.of(payload)
        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
  }
}
