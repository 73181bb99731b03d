package dev.precip.metrics.service;

import dev.precip.metrics.repository.LedgerRepository;
import dev.precip.metrics.repository.TrinoMetricsRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Reads how far the metrics are behind the data, on request and on a schedule; the scheduled
 * reading feeds the watermark gauges, so a scrape never waits for Trino.
 */
@ApplicationScoped
public class WatermarkMonitor {

  private static final Logger LOG = Logger.getLogger(WatermarkMonitor.class);

  private final LedgerRepository ledger;
  private final TrinoMetricsRepository metrics;
  private final MetricsUpdater updater;
  private final Clock clock;
  private final AtomicReference<WatermarkStatus> last = new AtomicReference<>();

  public WatermarkMonitor(
      LedgerRepository ledger,
      TrinoMetricsRepository metrics,
      MetricsUpdater updater,
      MeterRegistry registry) {
    this.ledger = ledger;
    this.metrics = metrics;
    this.updater = updater;
    this.clock = Clock.systemUTC();
    Gauge.builder("metrics.watermark.lag", this, m -> m.lastValue(WatermarkStatus::lagSeconds))
        .description("Seconds since the newest counted batch was committed, while rows are pending")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("metrics.rows.pending", this, m -> m.lastValue(s -> (double) s.rowsPending()))
        .description("Rows committed to the data table but not yet counted in the metrics")
        .register(registry);
  }

  public WatermarkStatus status() throws SQLException {
    updater.ensureTables();
    LedgerRepository.Watermark watermark = ledger.watermark();
    WatermarkStatus status =
        WatermarkStatus.of(
            watermark.batches(),
            watermark.lastCommittedAt().orElse(null),
            metrics.rowTotals(),
            clock.instant());
    last.set(status);
    return status;
  }

  @Scheduled(
      every = "{metrics.watermark-refresh}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    try {
      status();
    } catch (SQLException | RuntimeException e) {
      LOG.warnf(
          "could not read the watermark (the gauges keep their last value): %s", e.getMessage());
    }
  }

  private double lastValue(Function<WatermarkStatus, Double> figure) {
    WatermarkStatus status = last.get();
    Double value = status == null ? null : figure.apply(status);
    return value == null ? Double.NaN : value;
  }
}
