package dev.precip.it;

import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.repository.PrecipTableSql;
import dev.precip.writer.service.BatchRows;
import dev.precip.writer.service.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What the writer's natural-key anti-join costs per batch as the table grows: for each table size,
 * the table is first filled with synthetic rows in the ten years before the batches' months (one
 * statement, so few files, as after maintenance), then batches of the writer's own statement with
 * and without the anti-join are sent alternately, so both see the same table. Also prints the rows
 * the anti-join's scan of the table reads, from {@code EXPLAIN ANALYZE}: the partitions the batch
 * touches, not the table. Run with {@code bin/bench writer-dedup}.
 */
public final class WriterDedupBenchmark {

  private static final Logger LOG = Logger.getLogger(WriterDedupBenchmark.class);
  private static final int STATIONS = 400;
  private static final int MONTHS = 120;

  private WriterDedupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    List<Long> sizes = new ArrayList<>();
    for (String size : (args.length > 2 ? args[2] : "0,1000000,5000000").split(",")) {
      sizes.add(Long.parseLong(size.trim()));
    }
    String suffix = "dedup" + Long.toString(System.currentTimeMillis(), 36);
    // the batches: generator records from January 2010 on; the even ones with the anti-join
    List<PrecipRecord> records = GeneratedRecords.first(pairs * 2 * batch);
    List<String> lines = new ArrayList<>();
    try {
      for (long size : sizes) {
        lines.add(measure(suffix + "_" + size, size, records, batch));
      }
    } finally {
      for (long size : sizes) {
        drop(suffix + "_" + size);
      }
    }
    LOG.infof("writer dedup cost, %d pairs of %d-row statements per table size:", pairs, batch);
    lines.forEach(LOG::info);
  }

  private static String measure(String schema, long size, List<PrecipRecord> records, int batch)
      throws Exception {
    PrecipTableSql sql = new PrecipTableSql(new TableName("iceberg", schema, "precip_15"));
    String user = "bench-" + schema;
    long start = System.nanoTime();
    long tableRows = preload(schema, size);
    long loadMs = (System.nanoTime() - start) / 1_000_000;
    String antiJoin = sql.insertNew();
    String plain = antiJoin.substring(0, antiJoin.indexOf(PrecipTableSql.ANTI_JOIN));
    List<Long> withDedup = new ArrayList<>();
    List<Long> without = new ArrayList<>();
    String lastChunk = null;
    String lastFrom = null;
    String lastTo = null;
    try (Connection c = Stack.trino(user, WriterBenchmark.WRITER_SESSION);
        PreparedStatement dedup = c.prepareStatement(antiJoin);
        PreparedStatement noDedup = c.prepareStatement(plain)) {
      for (int from = 0; from + 2 * batch <= records.size(); from += 2 * batch) {
        List<PrecipRecord> a = records.subList(from, from + batch);
        List<PrecipRecord> b = records.subList(from + batch, from + 2 * batch);
        lastChunk = BatchRows.toJson(a);
        lastFrom =
            BatchRows.observedAt(
                a.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow());
        lastTo =
            BatchRows.observedAt(
                a.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow());
        dedup.setString(1, UUID.randomUUID().toString());
        dedup.setString(2, lastChunk);
        dedup.setString(3, lastFrom);
        dedup.setString(4, lastTo);
        withDedup.add(timed(dedup));
        noDedup.setString(1, UUID.randomUUID().toString());
        noDedup.setString(2, BatchRows.toJson(b));
        without.add(timed(noDedup));
      }
      long scanned = scannedByAntiJoin(c, antiJoin, lastChunk, lastFrom, lastTo);
      double dedupMs = average(withDedup);
      double plainMs = average(without);
      return String.format(
          "  table of %,d rows (+%,d written here; preload %.0f s): anti-join statement %.0f ms,"
              + " without it %.0f ms, dedup cost %.0f ms per statement; the anti-join's scan read"
              + " %,d rows",
          tableRows,
          (long) (withDedup.size() + without.size()) * batch,
          loadMs / 1000.0,
          dedupMs,
          plainMs,
          dedupMs - plainMs,
          scanned);
    }
  }

  /**
   * Creates the writer's table in {@code schema} and fills it with about {@code size} synthetic
   * rows of history (the {@link #MONTHS} months before 2010, one statement a year, so few files, as
   * after maintenance); returns the rows the table holds.
   */
  static long preload(String schema, long size) throws SQLException {
    PrecipTableSql sql = new PrecipTableSql(new TableName("iceberg", schema, "precip_15"));
    // the preload is not sorted: sorting buffers every partition's rows in Trino's memory
    try (Connection c = Stack.trino("bench-" + schema, "iceberg.sorted_writing_enabled:false");
        Statement s = c.createStatement()) {
      s.execute(sql.createSchema());
      s.execute(sql.createTable());
      if (size > 0) {
        // a year per statement: a writer per partition must fit in Trino's per-node memory
        for (int year = 0; year < MONTHS / 12; year++) {
          s.executeUpdate(preload("iceberg." + schema + ".precip_15", size, year));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM iceberg." + schema + ".precip_15")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Synthetic rows, {@code size} of them, over {@link #STATIONS} stations and the {@link #MONTHS}
   * months before 2010; the statement for one of those years. Generated data only; nothing
   * untrusted enters the text.
   */
  private static String preload(String table, long size, int year) {
    long perStationMonth = Math.max(1, size / ((long) STATIONS * MONTHS));
    return "INSERT INTO "
        + table
        + " (station, datatype, observed_at, observed_at_ms, date_raw, value, attributes,"
        + " attributes_raw, ingestion_ts, batch_id, source_page, source_index)"
        + " SELECT 'SYN:' || lpad(CAST(st AS varchar), 6, '0'), 'QPCP', ts,"
        + " CAST(to_unixtime(ts) * 1000 AS bigint), CAST(ts AS varchar), 0.1, ARRAY['', '', ''],"
        + " ',,', 0, 'preload', 'preload', 0"
        + " FROM (SELECT st, date_add('minute', 15 * k, date_add('month', m, TIMESTAMP"
        + " '2000-01-01 00:00:00.000')) AS ts"
        + " FROM UNNEST(sequence(1, "
        + STATIONS
        + ")) AS s(st) CROSS JOIN UNNEST(sequence("
        + (year * 12)
        + ", "
        + (year * 12 + 11)
        + ")) AS mo(m) CROSS JOIN UNNEST(sequence(0, "
        + (perStationMonth - 1)
        + ")) AS o(k))";
  }

  /**
   * Input rows of the anti-join's table scan, from EXPLAIN ANALYZE of the writer's statement's
   * query part (its rows, less those already in the table) for a batch already written.
   */
  private static long scannedByAntiJoin(
      Connection c, String antiJoin, String chunk, String from, String to) throws SQLException {
    String query =
        "EXPLAIN ANALYZE SELECT count(*)" + antiJoin.substring(antiJoin.indexOf(" FROM UNNEST("));
    try (PreparedStatement s = c.prepareStatement(query)) {
      s.setString(1, chunk);
      s.setString(2, from);
      s.setString(3, to);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return tableScanInput(plan.toString());
    }
  }

  /** The "Input: N rows" of the ScanFilter/TableScan over the precip table in a plan. */
  static long tableScanInput(String plan) {
    String[] lines = plan.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if ((lines[i].contains("ScanFilter") || lines[i].contains("TableScan"))
          && lines[i].contains("precip_15")) {
        for (int j = i + 1; j < Math.min(lines.length, i + 16); j++) {
          int at = lines[j].indexOf("Input: ");
          if (at >= 0) {
            String n = lines[j].substring(at + 7).split(" ")[0].replace(",", "");
            return Long.parseLong(n);
          }
        }
      }
    }
    LOG.warnf("no table scan input in the plan:%n%s", plan);
    return -1;
  }

  private static long timed(PreparedStatement statement) throws SQLException {
    long start = System.nanoTime();
    statement.executeUpdate();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static double average(List<Long> ms) {
    // the first statements of a connection warm up; the average is over the rest
    return ms.subList(Math.min(2, ms.size() - 1), ms.size()).stream()
        .mapToLong(Long::longValue)
        .average()
        .orElse(0);
  }

  private static void drop(String schema) {
    try (Connection c = Stack.trino("bench-cleanup", "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS iceberg." + schema + ".precip_15");
      s.execute("DROP SCHEMA IF EXISTS iceberg." + schema);
    } catch (SQLException e) {
      LOG.warnf("could not drop %s: %s", schema, e.getMessage());
    }
  }
}
