package dev.precip.writer.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.service.BatchRows;
import dev.precip.writer.service.TableName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The writer's statements against the real Trino + Iceberg stack, in a schema of their own. */
class PrecipTableSqlIT {

  private static final String TRINO =
      System.getProperty("it.trino", "jdbc:trino://127.0.0.1:18080");
  private static final String SCHEMA = "it_writer_" + Long.toString(System.currentTimeMillis(), 36);
  private static final PrecipTableSql SQL =
      new PrecipTableSql(new TableName("iceberg", SCHEMA, "precip_15"));
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

  private static List<String> holders(String batchId, List<PrecipRecord> rows) throws SQLException {
    long first = rows.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow();
    long last = rows.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow();
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(SQL.batchesHolding())) {
      s.setString(1, BatchRows.toJson(rows));
      s.setString(2, BatchRows.observedAt(first));
      s.setString(3, BatchRows.observedAt(last));
      s.setString(4, batchId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  @Test
  void aBatchWrittenAgainAddsOnlyItsNewRowsAndNamesTheBatchHoldingTheOthers() throws SQLException {
    List<PrecipRecord> first =
        List.of(record("COOP:000001", 15, ",,HI"), record("COOP:000001", 30, ",,HI"));
    List<PrecipRecord> again =
        List.of(first.get(0), first.get(1), record("COOP:000001", 45, ",,HI"));

    assertEquals(2, insert("batch-a", first));
    assertEquals(1, insert("batch-b", again));
    assertEquals(0, insert("batch-c", again));

    assertEquals(
        List.of("batch-a", "batch-b"), holders("batch-c", again).stream().sorted().toList());
    try (Connection c = trino();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE station = 'COOP:000001'")) {
      rs.next();
      assertEquals(3, rs.getLong(1));
    }
  }

  @Test
  void aKeyTheTableAlreadyHoldsTwiceIsNeitherAddedNorMultiplied() throws SQLException {
    PrecipRecord twice = record("COOP:000004", 15, ",,HI");
    String withoutAntiJoin =
        SQL.insertNew().substring(0, SQL.insertNew().indexOf(PrecipTableSql.ANTI_JOIN));
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(withoutAntiJoin)) {
      for (String batchId : List.of("planted-1", "planted-2")) {
        s.setString(1, batchId);
        s.setString(2, BatchRows.toJson(List.of(twice)));
        s.executeLargeUpdate();
      }
    }

    assertEquals(1, insert("batch-d", List.of(twice, record("COOP:000004", 30, ",,HI"))));
    try (Connection c = trino();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE station = 'COOP:000004'")) {
      rs.next();
      assertEquals(3, rs.getLong(1), "the two planted rows and the one new row");
    }
  }

  @Test
  void hostileStringsRoundTripByteForByte() throws SQLException {
    String hostile = "'); DROP TABLE x; --,\"\\,é☃\u0007,";
    PrecipRecord r = record("COOP:000002", 15, hostile);
    assertEquals(1, insert("batch-hostile", List.of(r)));
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
    insert("batch-empty-slots", List.of(r));
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
