package dev.precip.metrics.service;

import dev.precip.contracts.BatchCommitted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/** What the batch updates did, for Prometheus. */
@ApplicationScoped
public class UpdateMeters {

  private final Counter applied;
  private final Counter duplicates;
  private final Counter failures;
  private final Counter unreadable;
  private final Counter rows;
  private final Timer aggregation;
  private final Timer commitToMetrics;
  private final Clock clock;

  public UpdateMeters(MeterRegistry registry) {
    this.applied = events(registry, "applied");
    this.duplicates = events(registry, "duplicate");
    this.failures = events(registry, "failed");
    this.unreadable = events(registry, "unreadable");
    this.rows =
        Counter.builder("metrics.delta.rows")
            .description("Rows of newly committed batches aggregated into the metrics")
            .register(registry);
    this.aggregation =
        Timer.builder("metrics.aggregation")
            .description("Time to count one batch's rows and add them to the metrics table")
            .publishPercentileHistogram()
            .register(registry);
    this.commitToMetrics =
        Timer.builder("metrics.batch.lag")
            .description("From the batch's commit in the data table to its counts in the metrics")
            .publishPercentileHistogram()
            .register(registry);
    this.clock = Clock.systemUTC();
  }

  private static Counter events(MeterRegistry registry, String outcome) {
    return Counter.builder("metrics.events")
        .description(
            "Batch-committed events processed, by outcome (a failed attempt is retried, an"
                + " unreadable event parked)")
        .tag("outcome", outcome)
        .register(registry);
  }

  public void record(BatchCommitted batch, MetricsUpdater.Applied result) {
    if (!result.fresh()) {
      duplicates.increment();
      return;
    }
    applied.increment();
    rows.increment(result.rows());
    aggregation.record(result.aggregation());
    commitToMetrics.record(Duration.ofMillis(clock.millis() - batch.committedAtMs()));
  }

  public void failed() {
    failures.increment();
  }

  public void unreadable() {
    unreadable.increment();
  }
}
