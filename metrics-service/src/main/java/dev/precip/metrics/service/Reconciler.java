package dev.precip.metrics.service;

import dev.precip.metrics.repository.TrinoMetricsRepository;
import dev.precip.metrics.repository.UpdateLock;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/** Compares the incremental metrics with a full recomputation, and rebuilds them from the data. */
@ApplicationScoped
public class Reconciler {

  private static final Logger LOG = Logger.getLogger(Reconciler.class);

  private final TrinoMetricsRepository metrics;
  private final MetricsUpdater updater;
  private final UpdateLock lock;

  public Reconciler(TrinoMetricsRepository metrics, MetricsUpdater updater, UpdateLock lock) {
    this.metrics = metrics;
    this.updater = updater;
    this.lock = lock;
  }

  public Reconciliation reconcile() throws SQLException {
    updater.ensureTables();
    return Reconciliation.of(metrics.reconcile(OptionalLong.empty()), metrics.rowTotals());
  }

  /**
   * Rebuilds the metrics table from the whole data table while no batch update runs (they wait),
   * then checks the result. Comparison, rebuild and check all read the data table at one snapshot,
   * taken once the lock is held: writers go on committing meanwhile, and a batch committed after it
   * is counted when its event comes, like a batch whose event comes after the rebuild (its counts
   * are appended again and taken once).
   */
  public Recompute recompute() throws SQLException {
    updater.ensureTables();
    long started = System.currentTimeMillis();
    try (UpdateLock.Held held = lock.exclusive()) {
      OptionalLong snapshot = metrics.dataSnapshot();
      List<StationDifference> before = metrics.reconcile(snapshot);
      metrics.rebuild(snapshot, System.currentTimeMillis());
      List<StationDifference> after = metrics.reconcile(snapshot);
      RowTotals rows = metrics.rowTotals();
      long duration = System.currentTimeMillis() - started;
      LOG.infof(
          "recomputed the metrics from %d rows in %d ms: the incremental metrics differed for %d"
              + " stations; after the rebuild %d differ",
          rows.committed(), duration, before.size(), after.size());
      return new Recompute(before, after.isEmpty(), after, rows, duration);
    }
  }
}
