package dev.precip.writer.repository;

import dev.precip.writer.service.PrecipRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One table's ledger row, held (SELECT ... FOR UPDATE) until {@link #commit()} or {@link #close()}:
 * while one writer clears or fills the ledger, the others wait instead of claiming keys in it.
 */
public final class TableLedger implements AutoCloseable {

  private final Connection connection;
  private final short id;
  private final String generation;
  private final boolean seeded;

  TableLedger(Connection connection, short id, String generation, boolean seeded) {
    this.connection = connection;
    this.id = id;
    this.generation = generation;
    this.seeded = seeded;
  }

  public short id() {
    return id;
  }

  /** The generation of the Iceberg table this ledger describes, or null before the first. */
  public String generation() {
    return generation;
  }

  /** Whether the ledger holds every key the table held when the ledger was opened for it. */
  public boolean seeded() {
    return seeded;
  }

  /**
   * Forgets every key and batch of the table and records the generation of the table it now
   * describes (a new, empty table, or one whose keys are added next with {@link #addKeys}).
   */
  public void reset(String newGeneration) throws SQLException {
    for (String sql :
        new String[] {
          "DELETE FROM natural_keys WHERE table_id = ?", "DELETE FROM batches WHERE table_id = ?"
        }) {
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        s.setShort(1, id);
        s.executeUpdate();
      }
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE ledger_tables SET generation = ?, seeded_at = NULL WHERE id = ?")) {
      s.setString(1, newGeneration);
      s.setShort(2, id);
      s.executeUpdate();
    }
  }

  /** Adds keys found in the table, each held by the batch whose row has it. */
  public void addKeys(List<HeldKey> keys) throws SQLException {
    String[] stations = new String[keys.size()];
    String[] datatypes = new String[keys.size()];
    Long[] times = new Long[keys.size()];
    String[] batches = new String[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      PrecipRow key = keys.get(i).key();
      stations[i] = key.station();
      datatypes[i] = key.datatype();
      times[i] = key.eventTimeMs();
      batches[i] = keys.get(i).batchId();
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO natural_keys (table_id, station, datatype, observed_at_ms, batch_id)"
                + " SELECT ?, k.station, k.datatype, k.observed_at_ms, k.batch_id"
                + " FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[])"
                + " AS k(station, datatype, observed_at_ms, batch_id) ON CONFLICT DO NOTHING")) {
      s.setShort(1, id);
      s.setArray(2, connection.createArrayOf("text", stations));
      s.setArray(3, connection.createArrayOf("text", datatypes));
      s.setArray(4, connection.createArrayOf("bigint", times));
      s.setArray(5, connection.createArrayOf("text", batches));
      s.executeUpdate();
    }
  }

  /** Adds a batch found in the table, as committed. */
  public void addBatch(LedgerBatch batch) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO batches (batch_id, table_id, sources, rows, event_time_min_ms,"
                + " event_time_max_ms, committed_at) VALUES (?, ?, '{}', ?, ?, ?,"
                + " clock_timestamp()) ON CONFLICT (batch_id) DO NOTHING")) {
      s.setString(1, batch.batchId());
      s.setShort(2, id);
      s.setLong(3, batch.rows());
      s.setLong(4, batch.eventTimeMinMs());
      s.setLong(5, batch.eventTimeMaxMs());
      s.executeUpdate();
    }
  }

  /** Records that the ledger now holds every key of the table. */
  public void markSeeded() throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE ledger_tables SET seeded_at = clock_timestamp() WHERE id = ?")) {
      s.setShort(1, id);
      s.executeUpdate();
    }
  }

  public void commit() throws SQLException {
    connection.commit();
  }

  /** Ends the transaction (rolling back what was not committed) and returns the connection. */
  @Override
  public void close() throws SQLException {
    end(connection, null);
  }

  static void end(Connection connection, Exception cause) throws SQLException {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      if (cause == null) {
        throw e;
      }
      cause.addSuppressed(e);
    } finally {
      connection.close();
    }
  }
}
