package dev.precip.normalizer.messaging;

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

/** Sends a normalized page's records and rejections; completes when the broker has them all. */
@ApplicationScoped
public class NormalizedPublisher {

  /** Normalized records, keyed by station. */
  public static final String RECORDS_OUT = "records-out";

  /** Rejected records and pages, with a reason. */
  public static final String REJECTS_OUT = "rejects-out";

  private final MutinyEmitter<PrecipRecord> records;
  private final MutinyEmitter<RejectedRecord> rejects;

  public NormalizedPublisher(
      @Channel(RECORDS_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
          MutinyEmitter<PrecipRecord> records,
      @Channel(REJECTS_OUT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
          MutinyEmitter<RejectedRecord> rejects) {
    this.records = records;
    this.rejects = rejects;
  }

  public Uni<Void> publish(NormalizedPage page) {
    List<Uni<Void>> sends = new ArrayList<>(page.records().size() + page.rejects().size());
    for (PrecipRecord record : page.records()) {
      sends.add(records.sendMessage(keyed(record.station(), record)));
    }
    for (RejectedRecord reject : page.rejects()) {
      sends.add(rejects.sendMessage(keyed(reject.pageKey(), reject)));
    }
    if (sends.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return Uni.join().all(sends).andFailFast().replaceWithVoid();
  }

  private static <T> Message<T> keyed(String key, T payload) {
    return Message.of(payload)
        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
  }
}
