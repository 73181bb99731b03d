package dev.precip.writer.service;

import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.OffsetRange;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.repository.KeyLedger;
import dev.precip.writer.repository.LedgerBatch;
import dev.precip.writer.repository.PartitionFence;
import dev.precip.writer.repository.PrecipTableRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes one batch: claims its natural keys in the ledger, inserts the rows it claimed with one
 * Trino statement, then records the commit. A redelivered record or a replayed page finds its key
 * claimed and never becomes a second row.
 */
@ApplicationScoped
public class BatchWriter {

  private static final Logger LOG = Logger.getLogger(BatchWriter.class);

  private final TableSetup setup;
  private final PrecipTableRepository table;
  private final KeyLedger ledger;
  private final UnsettledBatches unsettled;
  private final PartitionFence fence;
  private final int maxStatementChars;

  public BatchWriter(
      TableSetup setup,
      PrecipTableRepository table,
      KeyLedger ledger,
      UnsettledBatches unsettled,
      PartitionFence fence,
      WriterConfig config) {
    this.setup = setup;
    this.table = table;
    this.ledger = ledger;
    this.unsettled = unsettled;
    this.fence = fence;
    this.maxStatementChars = config.batch().maxStatementChars();
  }

  /**
   * Writes the batch's rows whose keys no other batch holds.
   *
   * @param source the Kafka partitions (and offsets) the batch came from; their writes are fenced
   *     against any other writer still writing them
   */
  public WriteResult write(List<PrecipRecord> batch, List<OffsetRange> source) throws SQLException {
    short tableId = setup.ensure();
    Map<PrecipRow, PrecipRecord> byKey = distinctByKey(batch);
    List<String> sources = sources(source);
    String batchId = UUID.randomUUID().toString();

    List<BatchCommitted> reannounced = new ArrayList<>();
    List<PrecipRecord> claimedRows = new ArrayList<>();
    try (PartitionFence.Held held = fence.hold(source)) {
      reannounced.addAll(unsettled.settle(tableId, sources));
      Set<PrecipRow> claimed = ledger.claim(tableId, batchId, sources, byKey.keySet());
      List<PrecipRow> taken = new ArrayList<>();
      for (Map.Entry<PrecipRow, PrecipRecord> row : byKey.entrySet()) {
        if (claimed.contains(row.getKey())) {
          claimedRows.add(row.getValue());
        } else {
          taken.add(row.getKey());
        }
      }
      if (!claimedRows.isEmpty()) {
        try {
          for (BatchRows.Statement part : BatchRows.statements(claimedRows, maxStatementChars)) {
            table.insert(batchId, part.json());
          }
        } catch (SQLException | RuntimeException e) {
          unsettled.settleFailed(tableId, claimOf(batchId, claimedRows), e);
          throw e;
        }
        ledger.settle(batchId);
      }
      if (!taken.isEmpty()) {
        List<LedgerBatch> holders = ledger.holders(tableId, batchId, taken);
        long now = System.currentTimeMillis();
        holders.forEach(h -> reannounced.add(announcement(h, now)));
        LOG.infof(
            "batch %s: %d of %d rows were already written (batches %s)",
            batchId,
            taken.size(),
            byKey.size(),
            holders.stream().map(LedgerBatch::batchId).toList());
      }
    } catch (SQLException | RuntimeException e) {
      // the table may have been dropped: the next attempt checks it and its ledger again
      setup.recheck();
      throw e;
    }
    List<PrecipRecord> range = claimedRows.isEmpty() ? List.copyOf(byKey.values()) : claimedRows;
    return new WriteResult(
        new BatchCommitted(
            batchId,
            (long) claimedRows.size(),
            range.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow(),
            range.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow(),
            System.currentTimeMillis(),
            source),
        reannounced);
  }

  private static LedgerBatch claimOf(String batchId, List<PrecipRecord> rows) {
    return new LedgerBatch(
        batchId,
        rows.size(),
        rows.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow(),
        rows.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow());
  }

  private static BatchCommitted announcement(LedgerBatch batch, long now) {
    return new BatchCommitted(
        batch.batchId(),
        batch.rows(),
        batch.eventTimeMinMs(),
        batch.eventTimeMaxMs(),
        now,
        List.of());
  }

  /** The ledger's names of the partitions a batch came from: {@code topic/partition}. */
  static List<String> sources(List<OffsetRange> source) {
    return source.stream().map(r -> r.topic() + "/" + r.partition()).distinct().toList();
  }

  /** The first record of each natural key; a batch may hold the same record twice. */
  static Map<PrecipRow, PrecipRecord> distinctByKey(List<PrecipRecord> batch) {
    Map<PrecipRow, PrecipRecord> byKey = new LinkedHashMap<>();
    for (PrecipRecord record : batch) {
      byKey.putIfAbsent(PrecipRow.keyOf(record), record);
    }
    return byKey;
  }
}
