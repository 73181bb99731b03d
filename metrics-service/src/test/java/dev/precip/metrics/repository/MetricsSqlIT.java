package dev.precip.metrics.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics statements against the real Trino + Iceberg stack: applying a batch counts its rows
 * once however often it is applied, and the view reports exact totals and shares.
 */
class MetricsSqlIT {

  private static final String TRINO =
      System.getProperty("it.trino", "jdbc:trino://127.0.0.1:18080");
  private static final String SCHEMA =
      "it_metrics_" + Long.toString(System.currentTimeMillis(), 36);
  private static final MetricsSql SQL =
      new MetricsSql("iceberg", SCHEMA, "precip_15", "station_batch_metrics", "station_missing");
  private static final String DATA = "iceberg." + SCHEMA + ".precip_15";

  private static Connection trino() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "metrics-it");
    return DriverManager.getConnection(TRINO, props);
  }

  @BeforeAll
  static void createTables() throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute(SQL.createSchema());
      // the columns of the writer's table that the metrics read
      s.execute(
          "CREATE TABLE "
              + DATA
              + " (station varchar, batch_id varchar, value double, observed_at timestamp(3))");
      s.execute(
          "INSERT INTO "
              + DATA
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
      s.execute(SQL.createPartials());
      s.execute(SQL.createView());
    }
  }

  @AfterAll
  static void dropTables() throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute("DROP VIEW IF EXISTS iceberg." + SCHEMA + ".station_missing");
      s.execute("DROP TABLE IF EXISTS iceberg." + SCHEMA + ".station_batch_metrics");
      s.execute("DROP TABLE IF EXISTS " + DATA);
      s.execute("DROP SCHEMA IF EXISTS iceberg." + SCHEMA);
    }
  }

  private static void apply(String batch, String first, String last) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(SQL.applyBatch())) {
      s.setString(1, batch);
      for (int i : new int[] {2, 3}) {
        if (first == null) {
          s.setNull(i, Types.VARCHAR);
        } else {
          s.setString(i, first);
        }
      }
      for (int i : new int[] {4, 5}) {
        if (last == null) {
          s.setNull(i, Types.VARCHAR);
        } else {
          s.setString(i, last);
        }
      }
      s.setLong(6, 1L);
      s.executeLargeUpdate();
    }
  }

  /** total/missing/missing_pct of one station from the view. */
  private static String station(String station) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s = c.prepareStatement(SQL.oneStation())) {
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
    // the MERGE itself wrote each (station, batch) once; the view's own dedup is not needed here
    assertEquals(4, partialRows("S1", "S2"));
  }

  @Test
  void aReannouncedBatchWithoutARangeIsCountedWholeAndOnce() throws SQLException {
    apply("c", null, null);
    apply("c", null, null);

    assertEquals("2/1/50.0", station("S3"));
    assertEquals(1, partialRows("S3", "S3"));
  }

  private static long partialRows(String oneStation, String otherStation) throws SQLException {
    try (Connection c = trino();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM iceberg."
                    + SCHEMA
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
