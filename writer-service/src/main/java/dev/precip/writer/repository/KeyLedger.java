package dev.precip.writer.repository;

import dev.precip.writer.service.PrecipRow;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The natural-key ledger in PostgreSQL (schema {@code writer}): which batch wrote, or is writing,
 * each (station, datatype, observed_at) of an Iceberg table. A batch claims its keys in a committed
 * transaction before its INSERT; a key already claimed is not claimed again, so its row is never
 * inserted twice. The claim is a primary-key insert that costs the same at any table size.
 */
@ApplicationScoped
public class KeyLedger {

  /**
   * Adds keys held by one batch, leaving any already held. Parameters: table id, batch id, then the
   * keys as three parallel arrays (stations, datatypes, observed_at in epoch ms).
   */
  private static final String INSERT_KEYS =
      "INSERT INTO natural_keys (table_id, station, datatype, observed_at_ms, batch_id)"
          + " SELECT ?, k.station, k.datatype, k.observed_at_ms, ?"
          + " FROM unnest(?::text[], ?::text[], ?::bigint[])"
          + " AS k(station, datatype, observed_at_ms) ON CONFLICT DO NOTHING";

  private final DataSource postgres;
  private final Timer claims;

  @Inject
  public KeyLedger(AgroalDataSource postgres, MeterRegistry registry) {
    this((DataSource) postgres, registry);
  }

  KeyLedger(DataSource postgres, MeterRegistry registry) {
    this.postgres = postgres;
    this.claims =
        Timer.builder("writer.ledger.claim")
            .description("Time to claim the natural keys of a batch in the key ledger")
            .publishPercentileHistogram()
            .register(registry);
  }

  /**
   * Opens the ledger of a table in a transaction that holds its row, so that one writer at a time
   * checks its generation and, if needed, clears or fills it. The caller commits.
   */
  public TableLedger lockTable(String tableName) throws SQLException {
    Connection c = postgres.getConnection();
    try {
      c.setAutoCommit(false);
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO ledger_tables (table_name) VALUES (?) ON CONFLICT (table_name) DO NOTHING")) {
        s.setString(1, tableName);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT id, generation, seeded_at IS NOT NULL FROM ledger_tables"
                  + " WHERE table_name = ? FOR UPDATE")) {
        s.setString(1, tableName);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return new TableLedger(c, rs.getShort(1), rs.getString(2), rs.getBoolean(3));
        }
      }
    } catch (SQLException | RuntimeException e) {
      TableLedger.end(c, e);
      throw e;
    }
  }

  /**
   * Claims the keys of a batch that no other batch holds, and records the batch (its sources, and
   * the count and event-time range of the rows it claimed) as not yet committed; one transaction.
   *
   * @return the keys this batch claimed: the rows it must insert
   */
  public Set<PrecipRow> claim(
      short tableId, String batchId, List<String> sources, Collection<PrecipRow> keys)
      throws SQLException {
    long start = System.nanoTime();
    try (Connection c = postgres.getConnection()) {
      c.setAutoCommit(false);
      try {
        Set<PrecipRow> claimed = new HashSet<>();
        try (PreparedStatement s =
            c.prepareStatement(INSERT_KEYS + " RETURNING station, datatype, observed_at_ms")) {
          bindInsert(c, s, tableId, batchId, keys);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              claimed.add(new PrecipRow(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
          }
        }
        if (!claimed.isEmpty()) {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO batches (batch_id, table_id, sources, rows, event_time_min_ms,"
                      + " event_time_max_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, batchId);
            s.setShort(2, tableId);
            s.setArray(3, c.createArrayOf("text", sources.toArray()));
            s.setLong(4, claimed.size());
            s.setLong(5, claimed.stream().mapToLong(PrecipRow::eventTimeMs).min().orElseThrow());
            s.setLong(6, claimed.stream().mapToLong(PrecipRow::eventTimeMs).max().orElseThrow());
            s.executeUpdate();
          }
        }
        c.commit();
        claims.record(Duration.ofNanos(System.nanoTime() - start));
        return claimed;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Records that the batch's INSERT committed. */
  public void settle(String batchId) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE batches SET committed_at = clock_timestamp() WHERE batch_id = ?")) {
      s.setString(1, batchId);
      s.executeUpdate();
    }
  }

  /**
   * Batches of the table, read from any of these sources, whose INSERT is not known to have
   * committed: their writer died, or lost Trino, between the claim and the settlement.
   */
  public List<UnsettledBatch> unsettled(short tableId, List<String> sources) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT batch_id, rows, event_time_min_ms, event_time_max_ms,"
                    + " (extract(epoch FROM clock_timestamp() - claimed_at) * 1000)::bigint"
                    + " FROM batches WHERE table_id = ? AND committed_at IS NULL"
                    + " AND sources && ?")) {
      s.setShort(1, tableId);
      s.setArray(2, c.createArrayOf("text", sources.toArray()));
      List<UnsettledBatch> batches = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          batches.add(
              new UnsettledBatch(
                  new LedgerBatch(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                  Duration.ofMillis(rs.getLong(5))));
        }
      }
      return batches;
    }
  }

  /**
   * Settles an unsettled batch by what the table holds of it: the keys it holds stay the batch's,
   * the others are released (claimable again), and the batch becomes committed with those rows, or
   * is forgotten when it holds none. One transaction.
   *
   * @return the batch as committed, or null when the table holds none of its rows
   */
  public LedgerBatch resolve(short tableId, String batchId, Collection<PrecipRow> present)
      throws SQLException {
    try (Connection c = postgres.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement("DELETE FROM natural_keys WHERE batch_id = ? AND table_id = ?")) {
          s.setString(1, batchId);
          s.setShort(2, tableId);
          s.executeUpdate();
        }
        LedgerBatch settled = null;
        if (present.isEmpty()) {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM batches WHERE batch_id = ?")) {
            s.setString(1, batchId);
            s.executeUpdate();
          }
        } else {
          insertKeys(c, tableId, batchId, present);
          settled =
              new LedgerBatch(
                  batchId,
                  present.size(),
                  present.stream().mapToLong(PrecipRow::eventTimeMs).min().orElseThrow(),
                  present.stream().mapToLong(PrecipRow::eventTimeMs).max().orElseThrow());
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE batches SET rows = ?, event_time_min_ms = ?, event_time_max_ms = ?,"
                      + " committed_at = clock_timestamp() WHERE batch_id = ?")) {
            s.setLong(1, settled.rows());
            s.setLong(2, settled.eventTimeMinMs());
            s.setLong(3, settled.eventTimeMaxMs());
            s.setString(4, batchId);
            s.executeUpdate();
          }
        }
        c.commit();
        return settled;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Committed batches other than {@code batchId} that hold any of these keys: a redelivered record
   * finds the batch that wrote it, which must be announced again (its writer may have died before
   * announcing it).
   */
  public List<LedgerBatch> holders(short tableId, String batchId, Collection<PrecipRow> keys)
      throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT b.batch_id, b.rows, b.event_time_min_ms, b.event_time_max_ms"
                    + " FROM unnest(?::text[], ?::text[], ?::bigint[])"
                    + " AS k(station, datatype, observed_at_ms)"
                    + " JOIN natural_keys n ON n.table_id = ? AND n.station = k.station"
                    + " AND n.datatype = k.datatype AND n.observed_at_ms = k.observed_at_ms"
                    + " JOIN batches b ON b.batch_id = n.batch_id"
                    + " WHERE n.batch_id <> ? AND b.committed_at IS NOT NULL")) {
      bindKeys(c, s, 1, keys);
      s.setShort(4, tableId);
      s.setString(5, batchId);
      List<LedgerBatch> batches = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          batches.add(
              new LedgerBatch(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        }
      }
      return batches;
    }
  }

  private static void insertKeys(
      Connection c, short tableId, String batchId, Collection<PrecipRow> keys) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(INSERT_KEYS)) {
      bindInsert(c, s, tableId, batchId, keys);
      s.executeUpdate();
    }
  }

  private static void bindInsert(
      Connection c, PreparedStatement s, short tableId, String batchId, Collection<PrecipRow> keys)
      throws SQLException {
    s.setShort(1, tableId);
    s.setString(2, batchId);
    bindKeys(c, s, 3, keys);
  }

  /** Binds the keys as three parallel arrays from parameter {@code first} on. */
  static void bindKeys(Connection c, PreparedStatement s, int first, Collection<PrecipRow> keys)
      throws SQLException {
    String[] stations = new String[keys.size()];
    String[] datatypes = new String[keys.size()];
    Long[] times = new Long[keys.size()];
    int i = 0;
    for (PrecipRow key : keys) {
      stations[i] = key.station();
      datatypes[i] = key.datatype();
      times[i] = key.eventTimeMs();
      i++;
    }
    Array stationArray = c.createArrayOf("text", stations);
    Array datatypeArray = c.createArrayOf("text", datatypes);
    Array timeArray = c.createArrayOf("bigint", times);
    s.setArray(first, stationArray);
    s.setArray(first + 1, datatypeArray);
    s.setArray(first + 2, timeArray);
  }
}
