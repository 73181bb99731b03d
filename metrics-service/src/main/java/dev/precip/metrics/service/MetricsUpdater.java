package dev.precip.metrics.service;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.repository.LedgerRepository;
import dev.precip.metrics.repository.TrinoMetricsRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Applies one committed batch to the metrics, exactly once whatever the order, duplication or crash
 * timing of the events.
 *
 * <p>The Iceberg update is idempotent on its own (a batch already counted is not counted again),
 * and the PostgreSQL ledger is written only after it: a crash between the two leaves a batch that
 * is counted but not recorded, and the redelivered event repeats a no-op update, then records it.
 */
@ApplicationScoped
public class MetricsUpdater {

  private static final Logger LOG = Logger.getLogger(MetricsUpdater.class);

  private final TrinoMetricsRepository metrics;
  private final LedgerRepository ledger;
  private volatile boolean tablesReady;

  public MetricsUpdater(TrinoMetricsRepository metrics, LedgerRepository ledger) {
    this.metrics = metrics;
    this.ledger = ledger;
  }

  /** Returns false when the batch had already been applied. */
  public boolean apply(BatchCommitted batch) throws SQLException {
    ensureTables();
    if (ledger.isApplied(batch.batchId())) {
      return false;
    }
    metrics.applyBatch(
        batch.batchId(),
        batch.eventTimeMsMin(),
        batch.eventTimeMsMax(),
        System.currentTimeMillis());
    ledger.recordApplied(batch.batchId(), batch.rows(), batch.committedAtMs());
    return true;
  }

  void createAtStartup(@Observes StartupEvent event) {
    try {
      ensureTables();
    } catch (SQLException e) {
      LOG.warnf(
          "could not create the metrics table yet, will retry before the first update: %s", e);
    }
  }

  public void ensureTables() throws SQLException {
    if (!tablesReady) {
      metrics.createIfMissing();
      tablesReady = true;
    }
  }
}
