package dev.precip.it;

import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.repository.PrecipTableSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The writer's table in a schema of its own, written with the writer's statement over bare JDBC
 * (many small commits, as the writer makes them) and read through its metadata tables.
 */
final class IcebergTable implements AutoCloseable {

  private static final String USER = "maintenance-it";

  private final String schema;
  private final PrecipTableSql sql;

  IcebergTable(String name) throws SQLException {
    schema = "it" + Long.toString(System.currentTimeMillis(), 36) + name;
    sql = WriterBenchmark.freshTable(USER, schema);
  }

  String schema() {
    return schema;
  }

  /** {@code iceberg.<schema>.precip_15}. */
  String name() {
    return "iceberg." + schema + ".precip_15";
  }

  /** Inserts the records in statements of {@code batch} rows on {@code connections} at once. */
  void write(List<PrecipRecord> records, int batch, int connections) throws Exception {
    WriterBenchmark.sendShares(
        records, connections, batch, false, USER, WriterBenchmark.WRITER_SESSION, sql.insert());
  }

  long count(String query) throws SQLException {
    return Stack.count(USER, query);
  }

  long rows() throws SQLException {
    return count("SELECT count(*) FROM " + name());
  }

  /** An order-independent checksum of every row's every column, with the row count. */
  String checksum() throws SQLException {
    try (Connection c = Stack.trino(USER);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), to_hex(checksum(concat_ws('|', station, datatype,"
                    + " CAST(observed_at AS varchar), CAST(observed_at_ms AS varchar), date_raw,"
                    + " CAST(value AS varchar), array_join(attributes, ','), attributes_raw,"
                    + " CAST(ingestion_ts AS varchar), batch_id, source_page,"
                    + " CAST(source_index AS varchar)))) FROM "
                    + name())) {
      rs.next();
      return rs.getLong(1) + " rows, checksum " + rs.getString(2);
    }
  }

  /** {@code iceberg.<schema>."precip_15$<kind>"}. */
  String metadata(String kind) {
    return "iceberg." + schema + ".\"precip_15$" + kind + "\"";
  }

  long dataFiles() throws SQLException {
    return count("SELECT count(*) FROM " + metadata("files") + " WHERE content = 0");
  }

  long mostFilesInAPartition() throws SQLException {
    return count("SELECT max(file_count) FROM " + metadata("partitions"));
  }

  long partitions() throws SQLException {
    return count("SELECT count(*) FROM " + metadata("partitions"));
  }

  /** Each partition's data files, by path: a file rewritten by a compaction gets a new path. */
  Map<String, Set<String>> filesByPartition() throws SQLException {
    Map<String, Set<String>> files = new TreeMap<>();
    try (Connection c = Stack.trino(USER);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT json_format(CAST(partition AS JSON)), file_path FROM "
                    + metadata("files")
                    + " WHERE content = 0")) {
      while (rs.next()) {
        files.computeIfAbsent(rs.getString(1), p -> new TreeSet<>()).add(rs.getString(2));
      }
    }
    return files;
  }

  long snapshots() throws SQLException {
    return count("SELECT count(*) FROM " + metadata("snapshots"));
  }

  long snapshotsCommittedBefore(Instant moment) throws SQLException {
    try (Connection c = Stack.trino(USER);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM "
                    + metadata("snapshots")
                    + " WHERE committed_at < from_iso8601_timestamp(?)")) {
      s.setString(1, moment.toString());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The object key of one of its data files ({@code s3://bucket/key}). */
  String aDataFile() throws SQLException {
    try (Connection c = Stack.trino(USER);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT file_path FROM " + metadata("files") + " LIMIT 1")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = Stack.trino(USER);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + name());
      s.execute("DROP SCHEMA IF EXISTS iceberg." + schema);
    }
  }
}
