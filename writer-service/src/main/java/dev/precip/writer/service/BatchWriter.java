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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes one batch with one INSERT that skips rows already in the table, so a redelivered record or
 * a replayed page never becomes a second row.
 */
@ApplicationScoped
public class BatchWriter {

  private static final Logger LOG = Logger.getLogger(BatchWriter.class);

  /**
   * Trino refuses a query text over 1,000,000 characters ({@code query.max-length}), and the bound
   * JSON travels inside it; a batch whose rows would exceed this is written in several statements.
   */
  static final int MAX_QUERY_CHARS = 900_000;

  private final PrecipTableRepository table;
  private final PartitionFence fence;
  private volatile boolean tableReady;

  public BatchWriter(PrecipTableRepository table, PartitionFence fence) {
    this.table = table;
    this.fence = fence;
  }

  /**
   * Creates the schema and table if missing; at startup, and again before a write if it failed. One
   * caller at a time: the catalog fails a {@code CREATE SCHEMA IF NOT EXISTS} that races another
   * ("Failed to create namespace"), as the startup and each consumer's first batch would.
   */
  public void ensureTable() throws SQLException {
    if (!tableReady) {
      synchronized (this) {
        if (!tableReady) {
          table.createIfMissing();
          tableReady = true;
        }
      }
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
    List<PrecipRecord> rows = List.copyOf(distinctByKey(batch));
    long first = rows.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow();
    long last = rows.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow();
    String batchId = UUID.randomUUID().toString();

    long inserted = 0;
    List<BatchRows.Statement> alreadyThere = new ArrayList<>();
    try (PartitionFence.Held held = fence.hold(source)) {
      for (BatchRows.Statement part : BatchRows.statements(rows, MAX_QUERY_CHARS)) {
        long added = table.insertNew(batchId, part.json(), part.from(), part.to());
        inserted += added;
        if (added < part.rows()) {
          alreadyThere.add(part);
        }
      }
    }
    long committedAt = System.currentTimeMillis();
    Set<String> holders = new LinkedHashSet<>();
    for (BatchRows.Statement part : alreadyThere) {
      holders.addAll(table.batchesHolding(part.json(), part.from(), part.to(), batchId));
    }
    List<BatchCommitted> others =
        holders.stream().map(id -> BatchCommitted.reannounced(id, committedAt)).toList();
    if (inserted < rows.size()) {
      LOG.infof(
          "batch %s: %d of %d rows were already in the table (batches %s)",
          batchId, rows.size() - inserted, rows.size(), holders);
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
