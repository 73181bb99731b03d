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
   * Adds keys held by one batch; fails if any is held already. Parameters: table id, batch id, then
   * the keys as three parallel arrays (stations, datatypes, observed_at in epoch ms).
   */
  private static final String INSERT_NEW_KEYS =
      "INSERT INTO natural_keys (table_id, station, datatype, observed_at_ms, batch_id)"
          + " SELECT ?, k.station, k.datatype, k.observed_at_ms, ?"
          + " FROM unnest(?::text[], ?::text[], ?::bigint[])"
          + " AS k(station, datatype, observed_at_ms)";

  /** {@link #INSERT_NEW_KEYS}, leaving any key already held. */
  private static final String INSERT_KEYS = INSERT_NEW_KEYS + " ON CONFLICT DO NOTHING";

  /**
   * Records a batch that holds no keys yet. Parameters: batch id, table id, sources, rows and its
   * event-time range.
   */
  private static final String INSERT_BATCH =
      "INSERT INTO batches (batch_id, table_id, sources, rows, event_time_min_ms,"
          + " event_time_max_ms) VALUES (?, ?, ?, ?, ?, ?)";

  /**
   * Claims every key and records the batch, or fails with a unique violation when any key is held
   * (and then claims nothing). Without {@code ON CONFLICT} PostgreSQL needs no speculative insert
   * per key: about half the work of {@link #CLAIM_FREE} for a batch of fresh keys. Parameters:
   * those of {@link #INSERT_NEW_KEYS}, then those of {@link #INSERT_BATCH}.
   */
  private static final String CLAIM_ALL =
      "WITH claimed AS (" + INSERT_NEW_KEYS + ") " + INSERT_BATCH;

  /**
   * Claims the keys no batch holds, returning them, and records the batch when it claimed any; both
   * inserts run whether or not the outer query reads them. Parameters: those of {@link
   * #INSERT_KEYS}, then batch id, table id and sources.
   */
  private static final String CLAIM_FREE =
      "WITH claimed AS ("
          + INSERT_KEYS
          + " RETURNING station, datatype, observed_at_ms),"
          + " batch AS (INSERT INTO batches (batch_id, table_id, sources, rows, event_time_min_ms,"
          + " event_time_max_ms) SELECT ?, ?, ?, count(*), min(observed_at_ms), max(observed_at_ms)"
          + " FROM claimed HAVING count(*) > 0)"
          + " SELECT station, datatype, observed_at_ms FROM claimed";

  private static final String UNIQUE_VIOLATION = "23505";

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
   * the count and event-time range of the rows it claimed) as not yet committed. One statement when
   * no key is held (the common case), two when some are (a redelivery or a replay).
   *
   * @return the keys this batch claimed: the rows it must insert
   */
  public Set<PrecipRow> claim(
      short tableId, String batchId, List<String> sources, Collection<PrecipRow> keys)
      throws SQLException {
    return timed(
        c ->
            !keys.isEmpty() && insertAll(c, tableId, batchId, sources, keys)
                ? Set.copyOf(keys)
                : insertFree(c, tableId, batchId, sources, keys));
  }

  /**
   * Claims every key of the batch and records it, or claims nothing when any key is held: one
   * statement. A writer may make this claim before it holds the partition fence, because a batch
   * that holds all its keys takes no row from another batch, whatever happens to that batch later.
   *
   * @return whether the batch now holds all its keys (false also for no keys)
   */
  public boolean claimAll(
      short tableId, String batchId, List<String> sources, Collection<PrecipRow> keys)
      throws SQLException {
    return !keys.isEmpty() && timed(c -> insertAll(c, tableId, batchId, sources, keys));
  }

  /**
   * Claims the keys no batch holds, after {@link #claimAll} of the same keys was refused, and
   * records the batch when it claimed any.
   *
   * @return the keys this batch claimed: the rows it must insert
   */
  public Set<PrecipRow> claimFree(
      short tableId, String batchId, List<String> sources, Collection<PrecipRow> keys)
      throws SQLException {
    return timed(c -> insertFree(c, tableId, batchId, sources, keys));
  }

  /** Runs a claim on a connection of its own, each statement its own transaction, and times it. */
  private <T> T timed(Claim<T> claim) throws SQLException {
    long start = System.nanoTime();
    try (Connection c = postgres.getConnection()) {
      // each statement its own transaction: a claim of all that fails leaves nothing behind
      c.setAutoCommit(true);
      T claimed = claim.on(c);
      claims.record(Duration.ofNanos(System.nanoTime() - start));
      return claimed;
    }
  }

  @FunctionalInterface
  private interface Claim<T> {
    T on(Connection c) throws SQLException;
  }

  /** Claims all the keys, or none when any is held: then false. */
  private static boolean insertAll(
      Connection c, short tableId, String batchId, List<String> sources, Collection<PrecipRow> keys)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLAIM_ALL)) {
      bindInsert(c, s, tableId, batchId, keys);
      bindBatch(c, s, batchId, tableId, sources);
      s.setLong(9, keys.size());
      s.setLong(10, keys.stream().mapToLong(PrecipRow::eventTimeMs).min().orElseThrow());
      s.setLong(11, keys.stream().mapToLong(PrecipRow::eventTimeMs).max().orElseThrow());
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  private static Set<PrecipRow> insertFree(
      Connection c, short tableId, String batchId, List<String> sources, Collection<PrecipRow> keys)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(CLAIM_FREE)) {
      bindInsert(c, s, tableId, batchId, keys);
      bindBatch(c, s, batchId, tableId, sources);
      Set<PrecipRow> claimed = new HashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          claimed.add(new PrecipRow(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return claimed;
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

  /** Binds the batch's id, table and sources from parameter 6 on, after {@link #bindInsert}. */
  private static void bindBatch(
      Connection c, PreparedStatement s, String batchId, short tableId, List<String> sources)
      throws SQLException {
    s.setString(6, batchId);
    s.setShort(7, tableId);
    s.setArray(8, c.createArrayOf("text", sources.toArray()));
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
