package dev.precip.metrics.service;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.repository.LedgerRepository;
import dev.precip.metrics.repository.TrinoMetricsRepository;
import dev.precip.metrics.repository.UpdateLock;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Applies one committed batch to the metrics, exactly once whatever the order, duplication or crash
 * timing of the events.
 *
 * <p>It reads only the batch's own rows (by batch id), so a batch committed late is counted when
 * its event comes, whatever its ingestion times. The Iceberg update is idempotent on its own (a
 * batch already counted is not counted again), and the PostgreSQL ledger is written only after it:
 * a crash between the two leaves a batch that is counted but not recorded, and the redelivered
 * event repeats a no-op update, then records it.
 */
@ApplicationScoped
public class MetricsUpdater {

  private static final Logger LOG = Logger.getLogger(MetricsUpdater.class);

  /** What applying one event did. */
  public record Applied(boolean fresh, long rows, int stations, Duration aggregation) {

    static Applied duplicate() {
      return new Applied(false, 0, 0, Duration.ZERO);
    }
  }

  private final TrinoMetricsRepository metrics;
  private final LedgerRepository ledger;
  private final UpdateLock lock;
  private volatile boolean tablesReady;

  public MetricsUpdater(TrinoMetricsRepository metrics, LedgerRepository ledger, UpdateLock lock) {
    this.metrics = metrics;
    this.ledger = ledger;
    this.lock = lock;
  }

  public Applied apply(BatchCommitted batch) throws SQLException {
    ensureTables();
    try (UpdateLock.Held held = lock.shared()) {
      if (ledger.isApplied(batch.batchId())) {
        return Applied.duplicate();
      }
      long started = System.nanoTime();
      List<StationCount> counts =
          metrics.countBatch(batch.batchId(), batch.eventTimeMsMin(), batch.eventTimeMsMax());
      metrics.insertCounts(batch.batchId(), counts, System.currentTimeMillis());
      Duration aggregation = Duration.ofNanos(System.nanoTime() - started);
      long rows = counts.stream().mapToLong(StationCount::total).sum();
      ledger.recordApplied(
          batch.batchId(), batch.rows(), batch.committedAtMs(), rows, aggregation.toMillis());
      if (batch.rows() != null && batch.rows() != rows) {
        LOG.warnf(
            "batch %s announced %d rows but the table holds %d of it; counted what the table holds",
            batch.batchId(), batch.rows(), rows);
      }
      return new Applied(true, rows, counts.size(), aggregation);
    }
  }

  void createAtStartup(@Observes StartupEvent event) {
    try {
      ensureTables();
    } catch (SQLException e) {
      LOG.warnf(
          "could not create the metrics table yet, will retry before the first update: %s", e);
    }
  }

  /** Once per instance; synchronized because concurrent CREATEs fail in the catalog. */
  public synchronized void ensureTables() throws SQLException {
    if (!tablesReady) {
      metrics.createIfMissing();
      tablesReady = true;
    }
  }
}
