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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Writes one batch: claims its natural keys in the ledger, inserts the rows it claimed with one
 * Trino statement, then records the commit. A redelivered record or a replayed page finds its key
 * claimed and never becomes a second row.
 *
 * <p>A batch of fresh keys (the common case) can claim them all ahead of its write, while its
 * consumer's previous batch is still being written ({@link #claimAhead}); the claim then costs the
 * consumer no time. Any other claim is made inside the partition fence, after the batches that
 * others left unsettled are settled, so that a key such a batch releases is claimed again.
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

  /** Batches this process claimed ahead and has not finished its write of. */
  private final Set<String> claimedAhead = ConcurrentHashMap.newKeySet();

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
   * A claim made ahead of a batch's write: its batch id, whether it holds all the batch's keys
   * (false: some key was held, and the write claims what is free inside the fence), and, when it
   * does, the rows made ready to insert.
   */
  public record AheadClaim(String batchId, boolean claimedAll, Optional<ReadyRows> rows) {

    /** A claim whose write makes its rows ready itself. */
    public AheadClaim(String batchId, boolean claimedAll) {
      this(batchId, claimedAll, Optional.empty());
    }
  }

  /**
   * A batch's rows by natural key, and the statements that insert them all, made while the
   * partition's previous batch is written: a 2,000-row batch's JSON then costs its write no time.
   */
  public record ReadyRows(
      Map<PrecipRow, PrecipRecord> byKey, List<BatchRows.Statement> statements) {}

  /**
   * Claims all the batch's keys, outside the partition fence, for a {@link #write} of the same
   * records to come. Never fails: when the ledger or the table cannot be reached the write makes
   * its claim itself (and is retried as ever).
   *
   * @return empty when no claim could be made
   */
  public Optional<AheadClaim> claimAhead(List<PrecipRecord> batch, List<OffsetRange> source) {
    String batchId = UUID.randomUUID().toString();
    // known before the claim commits: a settlement that sees the claim must see it is ours
    claimedAhead.add(batchId);
    boolean claimed = false;
    try {
      short tableId = setup.ensure();
      Map<PrecipRow, PrecipRecord> byKey = distinctByKey(batch);
      claimed = ledger.claimAll(tableId, batchId, sources(source), byKey.keySet());
      return Optional.of(
          new AheadClaim(batchId, claimed, claimed ? ready(byKey) : Optional.empty()));
    } catch (SQLException | RuntimeException e) {
      LOG.debugf("no claim ahead of a batch's write (its write claims instead): %s", e);
      return Optional.empty();
    } finally {
      if (!claimed) {
        claimedAhead.remove(batchId);
      }
    }
  }

  /**
   * The rows of a batch that holds all its keys, made ready to insert; empty if that failed, and
   * its write makes them again. The claim stands either way: were it dropped here, its keys would
   * stay held by a batch that is never written.
   */
  private Optional<ReadyRows> ready(Map<PrecipRow, PrecipRecord> byKey) {
    try {
      return Optional.of(
          new ReadyRows(
              byKey, BatchRows.statements(List.copyOf(byKey.values()), maxStatementChars)));
    } catch (RuntimeException e) {
      LOG.debugf("a batch's rows could not be made ready ahead (its write makes them): %s", e);
      return Optional.empty();
    }
  }

  /** Writes the batch's rows whose keys no other batch holds, claiming them inside the fence. */
  public WriteResult write(List<PrecipRecord> batch, List<OffsetRange> source) throws SQLException {
    return write(batch, source, Optional.empty());
  }

  /**
   * Writes the batch's rows whose keys no other batch holds.
   *
   * @param source the Kafka partitions (and offsets) the batch came from; their writes are fenced
   *     against any other writer still writing them
   * @param ahead the claim {@link #claimAhead} made for these records, if any; it serves this one
   *     write (a retry makes its own claim)
   */
  public WriteResult write(
      List<PrecipRecord> batch, List<OffsetRange> source, Optional<AheadClaim> ahead)
      throws SQLException {
    try {
      return writeFenced(batch, source, ahead);
    } finally {
      ahead.ifPresent(claim -> claimedAhead.remove(claim.batchId()));
    }
  }

  private WriteResult writeFenced(
      List<PrecipRecord> batch, List<OffsetRange> source, Optional<AheadClaim> ahead)
      throws SQLException {
    short tableId = setup.ensure();
    Optional<ReadyRows> ready = ahead.flatMap(AheadClaim::rows);
    Map<PrecipRow, PrecipRecord> byKey =
        ready.map(ReadyRows::byKey).orElseGet(() -> distinctByKey(batch));
    List<String> sources = sources(source);
    String batchId = ahead.map(AheadClaim::batchId).orElseGet(() -> UUID.randomUUID().toString());

    List<BatchCommitted> reannounced = new ArrayList<>();
    List<PrecipRecord> claimedRows = new ArrayList<>();
    boolean inserting = false;
    try (PartitionFence.Held held = fence.hold(source)) {
      UnsettledBatches.Settled settled = unsettled.settle(tableId, sources, claimedAhead);
      reannounced.addAll(settled.found());
      Set<PrecipRow> claimed = claimInside(tableId, batchId, sources, byKey, ahead, settled);
      List<PrecipRow> taken = new ArrayList<>();
      for (Map.Entry<PrecipRow, PrecipRecord> row : byKey.entrySet()) {
        if (claimed.contains(row.getKey())) {
          claimedRows.add(row.getValue());
        } else {
          taken.add(row.getKey());
        }
      }
      if (!claimedRows.isEmpty()) {
        inserting = true;
        try {
          List<BatchRows.Statement> statements =
              ready
                  .filter(rows -> claimedRows.size() == byKey.size())
                  .map(ReadyRows::statements)
                  .orElseGet(() -> BatchRows.statements(claimedRows, maxStatementChars));
          for (BatchRows.Statement part : statements) {
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
      if (!inserting && ahead.filter(AheadClaim::claimedAll).isPresent()) {
        release(tableId, batchId, e);
      }
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

  /**
   * The keys the batch holds once inside the fence: those it claimed ahead, when it claimed them
   * all and its claim is still unsettled (another writer that took its partitions may have judged
   * it left over and released it), else those it claims now.
   */
  private Set<PrecipRow> claimInside(
      short tableId,
      String batchId,
      List<String> sources,
      Map<PrecipRow, PrecipRecord> byKey,
      Optional<AheadClaim> ahead,
      UnsettledBatches.Settled settled)
      throws SQLException {
    if (ahead.isEmpty()) {
      return ledger.claim(tableId, batchId, sources, byKey.keySet());
    }
    if (!ahead.get().claimedAll()) {
      // refused ahead: claim what is free, after the settlement released what it could
      return ledger.claimFree(tableId, batchId, sources, byKey.keySet());
    }
    if (settled.leftAlone().contains(batchId)) {
      return byKey.keySet();
    }
    LOG.infof("batch %s: its claim ahead was released by another writer; it claims again", batchId);
    return ledger.claim(tableId, batchId, sources, byKey.keySet());
  }

  /**
   * Releases the keys of a claim ahead whose write failed before any statement of it was sent, so
   * that the retry need not wait for it to be judged left over. Best effort: problems are added to
   * {@code failure}, and the claim is then settled like any other.
   */
  private void release(short tableId, String batchId, Exception failure) {
    try {
      ledger.resolve(tableId, batchId, Set.of());
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
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
  public static List<String> sources(List<OffsetRange> source) {
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
