package dev.precip.metrics.messaging;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.config.MetricsConfig;
import dev.precip.metrics.service.MetricsUpdater;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
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
  private final Counter applied;
  private final Counter duplicates;
  private final Timer latency;

  public BatchListener(MetricsUpdater updater, MetricsConfig config, MeterRegistry registry) {
    this.updater = updater;
    this.config = config;
    this.applied = registry.counter("metrics.batches.applied");
    this.duplicates = registry.counter("metrics.batches.duplicate");
    this.latency =
        Timer.builder("metrics.batch.lag").publishPercentileHistogram().register(registry);
  }

  @Incoming(BATCHES_IN)
  public Uni<Void> consume(BatchCommitted batch) {
    return Uni.createFrom()
        .item(() -> apply(batch))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .invoke(e -> LOG.warnf("applying batch %s failed, will retry: %s", batch.batchId(), e))
        .onFailure()
        .retry()
        .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
        .indefinitely()
        .replaceWithVoid();
  }

  private boolean apply(BatchCommitted batch) {
    try {
      boolean fresh = updater.apply(batch);
      if (fresh) {
        applied.increment();
        latency.record(System.currentTimeMillis() - batch.committedAtMs(), TimeUnit.MILLISECONDS);
      } else {
        duplicates.increment();
      }
      return fresh;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
