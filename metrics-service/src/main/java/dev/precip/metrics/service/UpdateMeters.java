package dev.precip.metrics.service;

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
  private final Timer update;
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
    this.update =
        Timer.builder("metrics.aggregation")
            .description(
                "Time to count the rows of one poll's new batches and add them to the metrics"
                    + " table")
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

  public void record(MetricsUpdater.Applied result) {
    duplicates.increment(result.duplicates());
    if (result.counted().isEmpty()) {
      return;
    }
    update.record(result.update());
    long now = clock.millis();
    for (MetricsUpdater.Counted batch : result.counted()) {
      applied.increment();
      rows.increment(batch.rows());
      commitToMetrics.record(Duration.ofMillis(now - batch.event().committedAtMs()));
    }
  }

  public void failed() {
    failures.increment();
  }

  public void unreadable() {
    unreadable.increment();
  }
}
