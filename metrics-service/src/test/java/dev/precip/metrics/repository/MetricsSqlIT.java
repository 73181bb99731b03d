package dev.precip.metrics.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.metrics.service.StationCount;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics statements against the real Trino + Iceberg stack: applying a batch counts its rows
 * once however often it is applied, and the view reports exact totals and shares.
 */
class MetricsSqlIT {

  private static final String TRINO =
      System.getProperty("it.trino", "jdbc:trino://127.0.0.1:18080");
  private static final AtomicInteger TESTS = new AtomicInteger();

  /** Each test gets its own schema, so none depends on what another applied. */
  private final String schema =
      "it_metrics_" + Long.toString(System.currentTimeMillis(), 36) + "_" + TESTS.incrementAndGet();

  private final MetricsSql sql =
      new MetricsSql("iceberg", schema, "precip_15", "station_batch_metrics", "station_missing");
  private final String data = "iceberg." + schema + ".precip_15";

  private static Connection trino() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "metrics-it");
    return DriverManager.getConnection(TRINO, props);
  }

  @BeforeEach
  void createTables() throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute(sql.createSchema());
      // the columns of the writer's table that the metrics read
      s.execute(
          "CREATE TABLE "
              + data
              + " (station varchar, batch_id varchar, value double, observed_at timestamp(3))");
      s.execute(
          "INSERT INTO "
              + data
              + " VALUES"
              + " ('S1', 'a', 1, TIMESTAMP '2010-05-01 00:15:00'),"
              + " ('S1', 'a', 99999, TIMESTAMP '2010-05-01 00:30:00'),"
              + " ('S1', 'a', 2, TIMESTAMP '2010-05-02 00:15:00'),"
              + " ('S2', 'a', 99999, TIMESTAMP '2010-05-01 00:15:00'),"
              + " ('S1', 'b', 5, TIMESTAMP '2010-06-01 00:15:00'),"
              + " ('S2', 'b', 3, TIMESTAMP '2010-06-01 00:15:00'),"
              + " ('S2', 'b', 99999, TIMESTAMP '2010-06-30 23:45:00'),"
              + " ('S3', 'c', 99999, TIMESTAMP '1980-02-29 00:15:00'),"
              + " ('S3', 'c', 4, TIMESTAMP '2013-12-31 23:45:00')");
      s.execute(sql.createPartials());
      s.execute(sql.createView());
    }
  }

  @AfterEach
  void dropTables() throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute("DROP VIEW IF EXISTS iceberg." + schema + ".station_missing");
      s.execute("DROP TABLE IF EXISTS iceberg." + schema + ".station_batch_metrics");
      s.execute("DROP TABLE IF EXISTS " + data);
      s.execute("DROP SCHEMA IF EXISTS iceberg." + schema);
    }
  }

  /**
   * What the metrics service does for a poll of one batch event: count its rows, add the counts.
   */
  private void apply(String batch, String first, String last) throws SQLException {
    List<StationCount> counts = new ArrayList<>();
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql.countBatches(1))) {
      s.setString(1, batch);
      for (int i : new int[] {2, 3}) {
        setNullable(s, i, first);
      }
      for (int i : new int[] {4, 5}) {
        setNullable(s, i, last);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.add(new StationCount(rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql.insertCounts())) {
      s.setLong(1, 1L);
      s.setString(2, CountsJson.toJson(CountsJson.rows(Map.of(batch, counts))));
      s.executeLargeUpdate();
    }
  }

  private static void setNullable(PreparedStatement s, int index, String value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }

  /** total/missing/missing_pct of one station from the view. */
  private String station(String station) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql.oneStation())) {
      s.setString(1, station);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getDouble(4);
      }
    }
  }

  @Test
  void batchesAppliedTwiceAndInAnyOrderAreCountedOnce() throws SQLException {
    apply("b", "2010-06-01 00:15:00.000", "2010-06-30 23:45:00.000");
    apply("a", "2010-05-01 00:15:00.000", "2010-05-02 00:15:00.000");
    apply("a", "2010-05-01 00:15:00.000", "2010-05-02 00:15:00.000");
    apply("b", "2010-06-01 00:15:00.000", "2010-06-30 23:45:00.000");

    assertEquals("4/1/25.0", station("S1"));
    assertEquals("3/2/66.6667", station("S2"));
    // each batch appended twice: the table holds every (station, batch) twice, the view once
    assertEquals(8, partialRows("S1", "S2"));
  }

  @Test
  void aPollOfBatchesIsCountedPerBatchInOneQueryEachWithinItsOwnRange() throws SQLException {
    List<String> counts = new ArrayList<>();
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql.countBatches(3))) {
      // a: only its first quarter hour; b: its whole range; c: re-announced, no range
      String[][] batches = {
        {"a", "2010-05-01 00:15:00.000", "2010-05-01 00:15:00.000"},
        {"b", "2010-06-01 00:15:00.000", "2010-06-30 23:45:00.000"},
        {"c", null, null}
      };
      int i = 1;
      for (String[] batch : batches) {
        s.setString(i++, batch[0]);
        setNullable(s, i++, batch[1]);
        setNullable(s, i++, batch[1]);
        setNullable(s, i++, batch[2]);
        setNullable(s, i++, batch[2]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counts.add(
              rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getLong(4));
        }
      }
    }
    counts.sort(null);

    assertEquals(List.of("a S1 1 0", "a S2 1 1", "b S1 1 0", "b S2 2 1", "c S3 2 1"), counts);
  }

  @Test
  void aStationWhoseIdHoldsQuotesAndBackslashesIsCountedUnderThatExactId() throws SQLException {
    String hostile = "O'Brien \"\\ ' OR 1=1 --";
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql.insertCounts())) {
      s.setLong(1, 1L);
      s.setString(
          2,
          CountsJson.toJson(
              CountsJson.rows(Map.of("d", List.of(new StationCount(hostile, 4, 1))))));
      s.executeLargeUpdate();
    }

    assertEquals("4/1/25.0", station(hostile));
  }

  @Test
  void aReannouncedBatchWithoutARangeIsCountedWholeAndOnce() throws SQLException {
    apply("c", null, null);
    apply("c", null, null);

    assertEquals("2/1/50.0", station("S3"));
    assertEquals(2, partialRows("S3", "S3"));
  }

  @Test
  void theReconciliationNamesTheStationsABatchNotYetCountedLeavesShort() throws SQLException {
    apply("a", "2010-05-01 00:15:00.000", "2010-05-02 00:15:00.000");

    // S1 and S2 lack batch b; S3 (batch c) is not counted at all
    assertEquals(List.of("S1", "S2", "S3"), differingStations());

    apply("b", "2010-06-01 00:15:00.000", "2010-06-30 23:45:00.000");
    apply("c", null, null);
    assertEquals(List.of(), differingStations());
  }

  @Test
  void aRebuildRecountsEveryBatchFromTheDataTable() throws SQLException {
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql.rebuild(OptionalLong.empty()))) {
      s.setLong(1, 2L);
      s.executeLargeUpdate();
    }

    assertEquals(List.of(), differingStations());
    assertEquals("4/1/25.0", station("S1"));
    assertEquals("3/2/66.6667", station("S2"));
    assertEquals("2/1/50.0", station("S3"));
  }

  @Test
  void aRebuildAtASnapshotLeavesABatchCommittedAfterItToItsEvent() throws SQLException {
    OptionalLong snapshot;
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(sql.currentDataSnapshot())) {
        rs.next();
        snapshot = OptionalLong.of(rs.getLong(1));
      }
      s.execute(
          "INSERT INTO " + data + " VALUES ('S3', 'd', 99999, TIMESTAMP '2014-01-01 00:15:00')");
    }
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(sql.rebuild(snapshot))) {
      s.setLong(1, 2L);
      s.executeLargeUpdate();
    }

    assertEquals(List.of(), differingStations(snapshot));
    assertEquals(List.of("S3"), differingStations(OptionalLong.empty()));
    apply("d", "2014-01-01 00:15:00.000", "2014-01-01 00:15:00.000");
    assertEquals("3/2/66.6667", station("S3"));
  }

  private List<String> differingStations() throws SQLException {
    return differingStations(OptionalLong.empty());
  }

  private List<String> differingStations(OptionalLong snapshot) throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.reconcile(snapshot))) {
      List<String> stations = new ArrayList<>();
      while (rs.next()) {
        stations.add(rs.getString(1));
      }
      return stations;
    }
  }

  private long partialRows(String oneStation, String otherStation) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM iceberg."
                    + schema
                    + ".station_batch_metrics WHERE station IN (?, ?)")) {
      s.setString(1, oneStation);
      s.setString(2, otherStation);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
