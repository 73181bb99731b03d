package dev.precip.writer.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.service.BatchRows;
import dev.precip.writer.service.PrecipRow;
import dev.precip.writer.service.TableName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writer's statements against the real Trino + Iceberg stack, in a schema of their own. */
class PrecipTableSqlIT {

  private static final String TRINO =
      System.getProperty("it.trino", "jdbc:trino://127.0.0.1:18080");
  private static final String SCHEMA = "it_writer_" + Long.toString(System.currentTimeMillis(), 36);
  private static final PrecipTableSql SQL =
      new PrecipTableSql(
          new TableName("iceberg", SCHEMA, "precip_15"), Optional.of(Duration.ofMillis(1500)));
  private static final String TABLE = "iceberg." + SCHEMA + ".precip_15";

  private static Connection trino() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "writer-it");
    return DriverManager.getConnection(TRINO, props);
  }

  @BeforeAll
  static void createTable() throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute(SQL.createSchema());
      s.execute(SQL.createTable());
      s.execute(SQL.createTable()); // idempotent
    }
  }

  @AfterAll
  static void dropTable() throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute("DROP SCHEMA IF EXISTS iceberg." + SCHEMA);
    }
  }

  private static PrecipRecord record(String station, long minute, String attributes) {
    return new PrecipRecord(
        station,
        "QPCP",
        "raw-" + minute,
        1272672000000L + minute * 60_000,
        minute,
        Arrays.asList(attributes.split(",", -1)),
        attributes,
        1L,
        new PageIdentity("job", "2010-05-01", "2010-05-31", 1),
        (int) minute);
  }

  private static long insert(String batchId, List<PrecipRecord> rows) throws SQLException {
    long first = rows.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow();
    long last = rows.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow();
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(SQL.insertNew())) {
      s.setString(1, batchId);
      s.setString(2, BatchRows.toJson(rows));
      s.setString(3, BatchRows.observedAt(first));
      s.setString(4, BatchRows.observedAt(last));
      return s.executeLargeUpdate();
    }
  }

  private static long insertAll(String batchId, List<PrecipRecord> rows) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(SQL.insert())) {
      s.setString(1, batchId);
      s.setString(2, BatchRows.toJson(rows));
      return s.executeLargeUpdate();
    }
  }

  private static PrecipRow keyOf(PrecipRecord r) {
    return PrecipRow.keyOf(r);
  }

  @Test
  void theAntiJoinTheBenchmarkComparesAddsOnlyNewRows() throws SQLException {
    List<PrecipRecord> first =
        List.of(record("COOP:000001", 15, ",,HI"), record("COOP:000001", 30, ",,HI"));
    List<PrecipRecord> again =
        List.of(first.get(0), first.get(1), record("COOP:000001", 45, ",,HI"));

    assertEquals(2, insert("batch-a", first));
    assertEquals(1, insert("batch-b", again));
    assertEquals(0, insert("batch-c", again));

    try (Connection c = trino();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE station = 'COOP:000001'")) {
      rs.next();
      assertEquals(3, rs.getLong(1));
    }
  }

  @Test
  void theKeysOfABatchAreFoundWithinItsTimeRangeAndOnlyThose() throws SQLException {
    List<PrecipRecord> rows =
        List.of(record("COOP:000004", 15, ",,HI"), record("COOP:000004", 30, ",,HI"));
    assertEquals(2, insertAll("batch-keys", rows));
    insertAll("batch-other", List.of(record("COOP:000004", 45, ",,HI")));
    long first = rows.get(0).eventTimeMs();
    long last = rows.get(1).eventTimeMs();

    assertEquals(
        Set.of(keyOf(rows.get(0)), keyOf(rows.get(1))),
        keys(SQL.keysOfBatch(), "batch-keys", first, last));
    assertEquals(Set.of(), keys(SQL.keysOfBatch(), "batch-keys", last + 1, last + 60_000));
  }

  private static Set<PrecipRow> keys(String sql, String batchId, long first, long last)
      throws SQLException {
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, batchId);
      s.setString(2, BatchRows.observedAt(first));
      s.setString(3, BatchRows.observedAt(last));
      Set<PrecipRow> keys = new HashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          keys.add(new PrecipRow(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return keys;
    }
  }

  @Test
  void theTableRetriesACommitThatLostToAConcurrentOneTenTimes() throws SQLException {
    assertEquals(
        Optional.of(String.valueOf(PrecipTableSql.COMMIT_RETRIES)),
        tableProperty("commit.retry.num-retries"));
  }

  @Test
  void theTableWaitsAtMostTheConfiguredTimeBetweenTheAttemptsOfALostCommit() throws SQLException {
    assertEquals(Optional.of("1500"), tableProperty("commit.retry.max-wait-ms"));
  }

  /** An Iceberg property of the table, as Trino lists it. */
  private static Optional<String> tableProperty(String key) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT value FROM iceberg."
                    + SCHEMA
                    + ".\"precip_15$properties\" WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  @Test
  void theTableIdentityNamesItsLocationAndCreationAndChangesWhenTheTableIsCreatedAgain()
      throws SQLException {
    PrecipTableSql other = new PrecipTableSql(new TableName("iceberg", SCHEMA, "recreated"));
    String first;
    String second;
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute(other.createTable());
      first = identity(s, other);
      s.execute("DROP TABLE iceberg." + SCHEMA + ".recreated");
      s.execute(other.createTable());
      second = identity(s, other);
      s.execute("DROP TABLE iceberg." + SCHEMA + ".recreated");
    }
    assertTrue(first.contains("location=s3://"), first);
    assertTrue(first.contains("created-at="), first);
    assertNotEquals(first, second);
  }

  private static String identity(Statement s, PrecipTableSql sql) throws SQLException {
    StringBuilder identity = new StringBuilder();
    try (ResultSet rs = s.executeQuery(sql.identity())) {
      while (rs.next()) {
        identity.append(rs.getString(1)).append('=').append(rs.getString(2)).append(';');
      }
    }
    return identity.toString();
  }

  @Test
  void aRunningStatementOfABatchIsSeenAndAFinishedOneIsNot() throws Exception {
    insertAll("batch-finished", List.of(record("COOP:000005", 15, ",,HI")));
    assertEquals(0, running("batch-finished"), "finished, and the lookup does not see itself");

    // a statement that names the batch and runs for seconds
    String slow =
        "SELECT count(*) FROM UNNEST(sequence(1, 10000)) AS t(n)"
            + " CROSS JOIN UNNEST(sequence(1, 10000)) AS u(m) WHERE CAST(n * m AS varchar) <> ?";
    java.util.concurrent.CompletableFuture<Void> statement =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try (Connection c = trino();
                  PreparedStatement s = c.prepareStatement(slow)) {
                s.setQueryTimeout(20);
                s.setString(1, "batch-running");
                try (ResultSet rs = s.executeQuery()) {
                  rs.next(); // the count comes when the statement has run
                }
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    long seen = 0;
    for (int i = 0; i < 40 && seen == 0 && !statement.isDone(); i++) {
      Thread.sleep(100);
      seen = running("batch-running");
    }
    statement.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(1, seen, "the running statement that names the batch");
    assertEquals(0, running("batch-running"));
  }

  private static long running(String batchId) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(PrecipTableSql.runningStatements())) {
      s.setString(1, new StringBuilder(batchId).reverse().toString());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void hostileStringsRoundTripByteForByte() throws SQLException {
    String hostile = "'); DROP TABLE x; --,\"\\,é☃\u0007,";
    PrecipRecord r = record("COOP:000002", 15, hostile);
    assertEquals(1, insertAll("batch-hostile", List.of(r)));
    try (Connection c = trino();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT attributes_raw, attributes, date_raw FROM "
                    + TABLE
                    + " WHERE batch_id = ?")) {
      s.setString(1, "batch-hostile");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertEquals(hostile, rs.getString(1));
        Array flags = rs.getArray(2);
        assertEquals(r.attributes(), Arrays.asList((Object[]) flags.getArray()));
        assertEquals("raw-15", rs.getString(3));
      }
    }
  }

  @Test
  void emptyFlagSlotsSurviveTheTable() throws SQLException {
    PrecipRecord r = record("COOP:000003", 15, ",,");
    insertAll("batch-empty-slots", List.of(r));
    try (Connection c = trino();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT cardinality(attributes) FROM " + TABLE + " WHERE batch_id = ?")) {
      s.setString(1, "batch-empty-slots");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        assertEquals(3, rs.getInt(1));
      }
    }
  }
}
