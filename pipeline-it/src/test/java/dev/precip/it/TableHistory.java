package dev.precip.it;

import dev.precip.writer.repository.PrecipTableSql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * A writer's table with years of synthetic history, as benchmarks need it to measure what grows
 * with the table, and the rows a plan's scan of it read.
 */
final class TableHistory {

  private static final Logger LOG = Logger.getLogger(TableHistory.class);
  private static final int STATIONS = 400;
  private static final int MONTHS = 120;

  private TableHistory() {}

  /**
   * Creates the writer's table in {@code schema} and fills it with about {@code size} synthetic
   * rows of history (the {@link #MONTHS} months before 2010, one statement a year, so few files, as
   * after maintenance); returns the rows the table holds.
   */
  static long preload(String schema, long size) throws SQLException {
    PrecipTableSql sql = WriterBenchmark.writersTable(schema);
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
}
