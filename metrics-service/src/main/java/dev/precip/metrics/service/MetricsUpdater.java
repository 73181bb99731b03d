package dev.precip.metrics.service;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.repository.LedgerRepository;
import dev.precip.metrics.repository.LedgerRepository.AppliedBatch;
import dev.precip.metrics.repository.TrinoMetricsRepository;
import dev.precip.metrics.repository.UpdateLock;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies committed batches to the metrics, exactly once whatever the order, duplication or crash
 * timing of the events.
 *
 * <p>It reads only the batches' own rows (by batch id), so a batch committed late is counted when
 * its event comes, whatever its ingestion times. The events of one Kafka poll are applied together:
 * one count query and one append (one Iceberg commit) for all of them, since each statement costs
 * Trino about the same whatever the number of batches in it. The Iceberg update is idempotent on
 * its own (a batch already counted is not counted again), and the PostgreSQL ledger is written only
 * after it: a crash between the two leaves batches that are counted but not recorded, and the
 * redelivered events repeat a no-op update, then record them.
 */
@ApplicationScoped
public class MetricsUpdater {

  private static final Logger LOG = Logger.getLogger(MetricsUpdater.class);

  /** A batch this update counted: its event, and the rows and stations it added. */
  public record Counted(BatchCommitted event, long rows, int stations) {}

  /**
   * What applying a poll's events did: the batches counted now, the events whose batch was counted
   * before (or earlier in the same poll), and the time the update took.
   */
  public record Applied(List<Counted> counted, int duplicates, Duration update) {}

  private final TrinoMetricsRepository metrics;
  private final LedgerRepository ledger;
  private final UpdateLock lock;
  private volatile boolean tablesReady;

  public MetricsUpdater(TrinoMetricsRepository metrics, LedgerRepository ledger, UpdateLock lock) {
    this.metrics = metrics;
    this.ledger = ledger;
    this.lock = lock;
  }

  public Applied apply(List<BatchCommitted> events) throws SQLException {
    ensureTables();
    Map<String, BatchCommitted> byId = new LinkedHashMap<>();
    for (BatchCommitted event : events) {
      byId.putIfAbsent(event.batchId(), event);
    }
    try (UpdateLock.Held held = lock.shared()) {
      byId.keySet().removeAll(ledger.appliedAmong(byId.keySet()));
      int duplicates = events.size() - byId.size();
      if (byId.isEmpty()) {
        return new Applied(List.of(), duplicates, Duration.ZERO);
      }
      long started = System.nanoTime();
      List<BatchCommitted> fresh = List.copyOf(byId.values());
      Map<String, List<StationCount>> counts = metrics.countBatches(fresh);
      metrics.insertCounts(counts, System.currentTimeMillis());
      Duration update = Duration.ofNanos(System.nanoTime() - started);
      List<Counted> counted = new ArrayList<>(fresh.size());
      List<AppliedBatch> recorded = new ArrayList<>(fresh.size());
      for (BatchCommitted batch : fresh) {
        List<StationCount> stations = counts.getOrDefault(batch.batchId(), List.of());
        long rows = stations.stream().mapToLong(StationCount::total).sum();
        counted.add(new Counted(batch, rows, stations.size()));
        recorded.add(
            new AppliedBatch(
                batch.batchId(), batch.rows(), batch.committedAtMs(), rows, update.toMillis()));
        if (batch.rows() != null && batch.rows() != rows) {
          LOG.warnf(
              "batch %s announced %d rows but the table holds %d of it; counted what the table"
                  + " holds",
              batch.batchId(), batch.rows(), rows);
        }
      }
      ledger.recordApplied(recorded);
      return new Applied(counted, duplicates, update);
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
