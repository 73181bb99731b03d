package dev.precip.metrics.messaging;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.config.MetricsConfig;
import dev.precip.metrics.service.MetricsUpdater;
import dev.precip.metrics.service.MetricsUpdater.Applied;
import dev.precip.metrics.service.UpdateMeters;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Applies each poll of batch events to the metrics in one update. The poll is acknowledged after
 * the update; while Trino or PostgreSQL is down the update is retried with backoff, never skipped.
 * An event that can never be applied is parked on the dead-letter topic with its reason, and the
 * rest of its poll is applied.
 */
@ApplicationScoped
public class BatchListener {

  /** Incoming batch-committed events, a poll at a time. */
  public static final String BATCHES_IN = "batches-in";

  private static final Logger LOG = Logger.getLogger(BatchListener.class);

  private final BatchEventReader reader;
  private final MetricsUpdater updater;
  private final DeadLetters deadLetters;
  private final MetricsConfig config;
  private final UpdateMeters meters;

  public BatchListener(
      BatchEventReader reader,
      MetricsUpdater updater,
      DeadLetters deadLetters,
      MetricsConfig config,
      UpdateMeters meters) {
    this.reader = reader;
    this.updater = updater;
    this.deadLetters = deadLetters;
    this.config = config;
    this.meters = meters;
  }

  /** One polled event: its value, and the Kafka record it came in (null without Kafka). */
  private record Polled(String value, ConsumerRecord<?, ?> source) {}

  @Incoming(BATCHES_IN)
  public Uni<Void> consume(Message<List<String>> poll) {
    List<BatchCommitted> events = new ArrayList<>();
    List<Uni<Void>> done = new ArrayList<>();
    for (Polled polled : polled(poll)) {
      try {
        events.add(reader.read(polled.value()));
      } catch (BatchEventReader.UnreadableEventException e) {
        meters.unreadable();
        LOG.warnf("parking an unreadable batch event: %s", e.getMessage());
        done.add(deadLetters.park(polled.value(), polled.source(), e.getMessage()));
      }
    }
    if (!events.isEmpty()) {
      done.add(applyWithRetry(events));
    }
    return Uni.join()
        .all(done)
        .andFailFast()
        .chain(() -> Uni.createFrom().completionStage(poll.ack()));
  }

  private Uni<Void> applyWithRetry(List<BatchCommitted> events) {
    return Uni.createFrom()
        .item(() -> apply(events))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .invoke(
            e -> {
              meters.failed();
              LOG.warnf("applying %d batch events failed, will retry: %s", events.size(), e);
            })
        .onFailure()
        .retry()
        .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
        .indefinitely()
        .replaceWithVoid();
  }

  private Applied apply(List<BatchCommitted> events) {
    try {
      Applied applied = updater.apply(events);
      meters.record(applied);
      return applied;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The poll's events, with their Kafka records when they came from Kafka. */
  private static List<Polled> polled(Message<List<String>> poll) {
    List<Polled> polled = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Optional<IncomingKafkaRecordBatchMetadata<?, String>> kafka =
        poll.getMetadata(IncomingKafkaRecordBatchMetadata.class)
            .map(m -> (IncomingKafkaRecordBatchMetadata<?, String>) m);
    if (kafka.isPresent()) {
      for (ConsumerRecord<?, String> record : kafka.get().getRecords()) {
        polled.add(new Polled(record.value(), record));
      }
    } else {
      for (String value : poll.getPayload()) {
        polled.add(new Polled(value, null));
      }
    }
    return polled;
  }
}
