package dev.precip.writer.service;

import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.repository.KeyLedger;
import dev.precip.writer.repository.LedgerBatch;
import dev.precip.writer.repository.PrecipTableRepository;
import dev.precip.writer.repository.TableLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Makes the Iceberg table and its key ledger ready before the first write (and again after a failed
 * one): creates the schema and table if missing, and makes sure the ledger describes this very
 * table. A ledger written for a table of the same name that was dropped since is cleared; a table
 * written before the ledger existed has its keys copied into it.
 */
@ApplicationScoped
public class TableSetup {

  private static final Logger LOG = Logger.getLogger(TableSetup.class);

  /** Keys copied from the table per PostgreSQL statement when the ledger is filled from it. */
  static final int SEED_CHUNK = 10_000;

  private final PrecipTableRepository table;
  private final KeyLedger ledger;
  private final String tableName;
  private volatile Short tableId;

  @Inject
  public TableSetup(PrecipTableRepository table, KeyLedger ledger, WriterConfig config) {
    this(table, ledger, TableName.of(config.table()).qualified());
  }

  TableSetup(PrecipTableRepository table, KeyLedger ledger, String tableName) {
    this.table = table;
    this.ledger = ledger;
    this.tableName = tableName;
  }

  /**
   * The ledger id of the table, once table and ledger are ready. One caller at a time: the catalog
   * fails a {@code CREATE SCHEMA IF NOT EXISTS} that races another ("Failed to create namespace").
   */
  public short ensure() throws SQLException {
    Short id = tableId;
    if (id != null) {
      return id;
    }
    synchronized (this) {
      if (tableId == null) {
        tableId = prepare();
      }
      return tableId;
    }
  }

  /**
   * Makes the next {@link #ensure()} check again: after a failed write, the table may have been
   * dropped (and is then created again, with its ledger cleared).
   */
  public void recheck() {
    tableId = null;
  }

  private short prepare() throws SQLException {
    table.createIfMissing();
    String identity = table.identity();
    try (TableLedger keys = ledger.lockTable(tableName)) {
      if (!identity.equals(keys.generation())) {
        if (keys.generation() != null) {
          LOG.warnf(
              "table %s is not the table its key ledger describes (%s, now %s): it was dropped and"
                  + " created again; the ledger is cleared and filled from the new table",
              tableName, keys.generation(), identity);
        }
        keys.reset(identity);
        seed(keys);
      } else if (!keys.seeded()) {
        seed(keys);
      }
      keys.commit();
      return keys.id();
    }
  }

  private void seed(TableLedger keys) throws SQLException {
    long start = System.nanoTime();
    long rows = table.readKeys(SEED_CHUNK, keys::addKeys);
    int batches = 0;
    for (LedgerBatch batch : table.batches()) {
      keys.addBatch(batch);
      batches++;
    }
    keys.markSeeded();
    if (rows > 0) {
      LOG.infof(
          "key ledger of %s filled from the table: %d keys of %d batches in %d ms",
          tableName, rows, batches, (System.nanoTime() - start) / 1_000_000);
    }
  }
}
