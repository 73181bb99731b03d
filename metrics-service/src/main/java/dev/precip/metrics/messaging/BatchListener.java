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

  private final MetricsUpdater updater;
  private final MetricsConfig config;
  private final UpdateMeters meters;

  public BatchListener(MetricsUpdater updater, MetricsConfig config, UpdateMeters meters) {
    this.updater = updater;
    this.config = config;
    this.meters = meters;
  }

  @Incoming(BATCHES_IN)
  public Uni<Void> consume(BatchCommitted batch) {
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
