package dev.precip.writer.service;

import dev.precip.contracts.BatchCommitted;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.repository.KeyLedger;
import dev.precip.writer.repository.LedgerBatch;
import dev.precip.writer.repository.PrecipTableRepository;
import dev.precip.writer.repository.UnsettledBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Settles the batches a writer left between claiming their keys and recording their commit (killed,
 * or cut off from Trino mid-statement), by what the Iceberg table holds of each: kept keys stay
 * claimed, the others are released so that the redelivered records are written.
 *
 * <p>Called by the writer that holds the fence of the batch's partitions, before it claims keys
 * inside the fence; the batches this process claimed ahead and is about to write are left alone. A
 * batch is judged only when no Trino query of it is running and it is at least {@code
 * writer.statement-timeout} old: a statement that might still commit would otherwise be counted
 * absent and its rows written twice. A claim ahead that another writer judged this way (it took the
 * partition over) is claimed again by its own writer inside the fence.
 */
@ApplicationScoped
public class UnsettledBatches {

  private static final Logger LOG = Logger.getLogger(UnsettledBatches.class);

  private static final Duration POLL = Duration.ofMillis(500);

  private final KeyLedger ledger;
  private final PrecipTableRepository table;
  private final Duration minimumAge;
  private final Sleeper sleeper;

  @Inject
  public UnsettledBatches(KeyLedger ledger, PrecipTableRepository table, WriterConfig config) {
    this(ledger, table, config.statementTimeout(), Thread::sleep);
  }

  UnsettledBatches(
      KeyLedger ledger, PrecipTableRepository table, Duration minimumAge, Sleeper sleeper) {
    this.ledger = ledger;
    this.table = table;
    this.minimumAge = minimumAge;
    this.sleeper = sleeper;
  }

  /**
   * What settling found: the events of the settled batches whose rows the table holds (their writer
   * never announced them), and the unsettled batches it left alone because this process claimed
   * them and is about to write them.
   */
  public record Settled(List<BatchCommitted> found, Set<String> leftAlone) {}

  /**
   * Settles every unsettled batch of these sources but those this process is writing.
   *
   * @param writing batches this process claimed ahead of their write and has not finished writing:
   *     they are not left over, and judging one would release the keys it is about to insert
   */
  public Settled settle(short tableId, List<String> sources, Set<String> writing)
      throws SQLException {
    List<BatchCommitted> found = new ArrayList<>();
    Set<String> leftAlone = new HashSet<>();
    for (UnsettledBatch unsettled : ledger.unsettled(tableId, sources)) {
      LedgerBatch batch = unsettled.batch();
      if (writing.contains(batch.batchId())) {
        leftAlone.add(batch.batchId());
        continue;
      }
      waitUntilOver(unsettled);
      Set<PrecipRow> present = table.keysOf(batch);
      LedgerBatch settled = ledger.resolve(tableId, batch.batchId(), present);
      LOG.infof(
          "unsettled batch %s (%d rows claimed %d ms ago): the table holds %d of them; the others"
              + " are released",
          batch.batchId(), batch.rows(), unsettled.sinceClaim().toMillis(), present.size());
      if (settled != null) {
        found.add(
            new BatchCommitted(
                settled.batchId(),
                settled.rows(),
                settled.eventTimeMinMs(),
                settled.eventTimeMaxMs(),
                System.currentTimeMillis(),
                List.of()));
      }
    }
    return new Settled(found, leftAlone);
  }

  /**
   * Settles a batch whose INSERT just failed in this writer, at once: the failed call has returned,
   * so no statement of it can still reach Trino, and a retry need not wait out the statement
   * timeout (a commit that lost to concurrent commits would otherwise idle its consumer for that
   * long). Best effort: when Trino cannot tell (it is down) or a statement of the batch still runs,
   * the batch stays unsettled for the next attempt. Problems are added to {@code failure}.
   */
  public void settleFailed(short tableId, LedgerBatch batch, Exception failure) {
    try {
      if (table.running(batch.batchId())) {
        return;
      }
      Set<PrecipRow> present = table.keysOf(batch);
      ledger.resolve(tableId, batch.batchId(), present);
      LOG.infof(
          "batch %s failed; the table holds %d of its %d rows, the others are released",
          batch.batchId(), present.size(), batch.rows());
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private void waitUntilOver(UnsettledBatch unsettled) throws SQLException {
    Duration young = minimumAge.minus(unsettled.sinceClaim());
    try {
      if (!young.isNegative()) {
        sleeper.sleep(young.toMillis());
      }
      while (table.running(unsettled.batch().batchId())) {
        sleeper.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for an unsettled batch's statement", e);
    }
  }

  /** Waits; a seam for tests. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }
}
