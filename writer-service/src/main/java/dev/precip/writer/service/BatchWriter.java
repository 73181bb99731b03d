package dev.precip.writer.service;

import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.OffsetRange;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.repository.PartitionFence;
import dev.precip.writer.repository.PrecipTableRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes one batch with one INSERT that skips rows already in the table, so a redelivered record or
 * a replayed page never becomes a second row.
 */
@ApplicationScoped
public class BatchWriter {

  private static final Logger LOG = Logger.getLogger(BatchWriter.class);

  private final PrecipTableRepository table;
  private final PartitionFence fence;
  private volatile boolean tableReady;

  public BatchWriter(PrecipTableRepository table, PartitionFence fence) {
    this.table = table;
    this.fence = fence;
  }

  /** Creates the schema and table if missing; at startup, and again before a write if it failed. */
  public void ensureTable() throws SQLException {
    if (!tableReady) {
      table.createIfMissing();
      tableReady = true;
    }
  }

  void createAtStartup(@Observes StartupEvent event) {
    try {
      ensureTable();
    } catch (SQLException e) {
      LOG.warnf("could not create the table yet, will retry before the first write: %s", e);
    }
  }

  /**
   * Writes the batch's rows not yet in the table.
   *
   * @param source the Kafka partitions (and offsets) the batch came from; their writes are fenced
   *     against any other writer still writing them
   */
  public WriteResult write(List<PrecipRecord> batch, List<OffsetRange> source) throws SQLException {
    ensureTable();
    Collection<PrecipRecord> rows = distinctByKey(batch);
    long first = rows.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow();
    long last = rows.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow();
    String json = BatchRows.toJson(rows);
    String from = BatchRows.observedAt(first);
    String to = BatchRows.observedAt(last);
    String batchId = UUID.randomUUID().toString();

    long inserted;
    try (PartitionFence.Held held = fence.hold(source)) {
      inserted = table.insertNew(batchId, json, from, to);
    }
    long committedAt = System.currentTimeMillis();
    List<BatchCommitted> others = List.of();
    if (inserted < rows.size()) {
      others =
          table.batchesHolding(json, from, to, batchId).stream()
              .map(id -> BatchCommitted.reannounced(id, committedAt))
              .toList();
      LOG.infof(
          "batch %s: %d of %d rows were already in the table (batches %s)",
          batchId,
          rows.size() - inserted,
          rows.size(),
          others.stream().map(BatchCommitted::batchId).toList());
    }
    return new WriteResult(
        new BatchCommitted(batchId, inserted, first, last, committedAt, source), others);
  }

  /** The first record of each natural key; a batch may hold the same record twice. */
  static Collection<PrecipRecord> distinctByKey(List<PrecipRecord> batch) {
    Map<PrecipRow, PrecipRecord> byKey = new LinkedHashMap<>();
    for (PrecipRecord record : batch) {
      byKey.putIfAbsent(PrecipRow.keyOf(record), record);
    }
    return byKey.values();
  }
}
