package dev.precip.metrics.messaging;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.config.MetricsConfig;
import dev.precip.metrics.service.MetricsUpdater;
import dev.precip.metrics.service.MetricsUpdater.Applied;
import dev.precip.metrics.service.UpdateMeters;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies each batch event to the metrics. The event is acknowledged after the update; while Trino
 * or PostgreSQL is down it is retried with backoff, never skipped.
 */
@ApplicationScoped
public class BatchListener {

  /** Incoming batch-committed events. */
  public static final String BATCHES_IN = "batches-in";

  private static final Logger LOG = Logger.getLogger(BatchListener.class);

  private final BatchEventReader reader;
  private final MetricsUpdater updater;
  private final MetricsConfig config;
  private final UpdateMeters meters;

  public BatchListener(
      BatchEventReader reader, MetricsUpdater updater, MetricsConfig config, UpdateMeters meters) {
    this.reader = reader;
    this.updater = updater;
    this.config = config;
    this.meters = meters;
  }

  /**
   * Applies one event; an event that can never be applied fails at once (the channel parks it on
   * the dead-letter topic with the reason), any other failure is retried.
   */
  @Incoming(BATCHES_IN)
  public Uni<Void> consume(String value) {
    BatchCommitted batch;
    try {
      batch = reader.read(value);
    } catch (BatchEventReader.UnreadableEventException e) {
      meters.unreadable();
      LOG.warnf("parking an unreadable batch event: %s", e.getMessage());
      return Uni.createFrom().failure(e);
    }
    return Uni.createFrom()
        .item(() -> apply(batch))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .invoke(
            e -> {
              meters.failed();
              LOG.warnf("applying batch %s failed, will retry: %s", batch.batchId(), e);
            })
        .onFailure()
        .retry()
        .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
        .indefinitely()
        .replaceWithVoid();
  }

  private Applied apply(BatchCommitted batch) {
    try {
      Applied applied = updater.apply(batch);
      meters.record(batch, applied);
      return applied;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
