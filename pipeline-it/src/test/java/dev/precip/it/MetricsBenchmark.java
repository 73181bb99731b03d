package dev.precip.it;

import dev.precip.metrics.repository.MetricsSql;
import dev.precip.writer.service.BatchRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The metrics service behind a writer draining a backlog, at several table sizes: for each size the
 * data table is first filled with synthetic history (the ten years before the batches' months, by
 * {@link TableHistory#preload}), then the real writer and metrics services process the same
 * records. Reports, from the ledger, the time from each batch's commit to its counts being in the
 * metrics (p50/p95) and the time of the update that counted it with its poll (p50/p95), and, from
 * {@code EXPLAIN ANALYZE}, how many rows the counting statement's scan read. Run with {@code
 * bin/bench metrics}.
 */
public final class MetricsBenchmark {

  private static final Logger LOG = Logger.getLogger(MetricsBenchmark.class);

  private MetricsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    List<Long> sizes = new ArrayList<>();
    for (String size : (args.length > 1 ? args[1] : "0,1000000,5000000").split(",")) {
      sizes.add(Long.parseLong(size.trim()));
    }
    List<String> lines = new ArrayList<>();
    for (long size : sizes) {
      lines.add(measure(size, batches));
    }
    LOG.infof(
        "metrics behind the writer, %d batches of 500 rows per table size (writer at full speed):",
        batches);
    lines.forEach(LOG::info);
  }

  private static String measure(long size, int batches) throws Exception {
    WriterRun writers = new WriterRun("mbench" + size);
    MetricsRun metricsRun = new MetricsRun(writers);
    List<ServiceProcess> processes = new ArrayList<>();
    try {
      long loaded = TableHistory.preload(writers.schema(), size);
      ServiceProcess writer = writers.writer(0);
      ServiceProcess metrics = metricsRun.instance();
      processes.add(writer);
      processes.add(metrics);
      writer.start();
      metrics.start();
      writer.awaitReady(Duration.ofMinutes(2));
      metrics.awaitReady(Duration.ofMinutes(2));

      writers.produce(GeneratedRecords.first(batches * 500));
      long deadline = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
      while (!caughtUp(writers, metricsRun)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the metrics did not catch up within 30 minutes");
        }
        Thread.sleep(1000);
      }
      return report(loaded, writers, metricsRun);
    } finally {
      for (ServiceProcess p : processes) {
        p.close();
      }
      metricsRun.close();
      writers.close();
    }
  }

  private static boolean caughtUp(WriterRun writers, MetricsRun metricsRun) throws Exception {
    return Topics.lag(writers.group(), writers.topic()) == 0 && metricsRun.caughtUp();
  }

  private static String report(long loaded, WriterRun writers, MetricsRun metricsRun)
      throws Exception {
    try (Connection c = Stack.postgres();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*), sum(counted_rows),"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY aggregation_ms),"
                    + " percentile_cont(0.95) WITHIN GROUP (ORDER BY aggregation_ms),"
                    + " percentile_cont(0.5) WITHIN GROUP"
                    + " (ORDER BY extract(epoch FROM applied_at - committed_at)),"
                    + " percentile_cont(0.95) WITHIN GROUP"
                    + " (ORDER BY extract(epoch FROM applied_at - committed_at)),"
                    + " extract(epoch FROM max(committed_at) - min(committed_at)),"
                    + " (array_agg(batch_id ORDER BY committed_at DESC))[1]"
                    + " FROM "
                    + metricsRun.ledger()
                    + " WHERE counted_rows > 0")) {
      rs.next();
      long counted = rs.getLong(2);
      double writeSeconds = rs.getDouble(7);
      return String.format(
          "  table of %,d rows before + %,d written: %d batches; commit to metrics p50 %.2f s,"
              + " p95 %.2f s; the update that counted it p50 %.0f ms, p95 %.0f ms;"
              + " its scan read %,d rows;"
              + " writer %,.0f rows/s meanwhile",
          loaded,
          counted,
          rs.getLong(1),
          rs.getDouble(5),
          rs.getDouble(6),
          rs.getDouble(3),
          rs.getDouble(4),
          scannedByCount(writers, rs.getString(8)),
          writeSeconds > 0 ? counted / writeSeconds : Double.NaN);
    }
  }

  /** Input rows of the counting statement's table scan for one batch, from EXPLAIN ANALYZE. */
  private static long scannedByCount(WriterRun writers, String batchId) throws SQLException {
    MetricsSql sql =
        new MetricsSql(
            "iceberg", writers.schema(), "precip_15", "station_batch_metrics", "station_missing");
    long[] range = eventRange(writers, batchId);
    try (Connection c = Stack.trino("bench-metrics");
        PreparedStatement s = c.prepareStatement("EXPLAIN ANALYZE " + sql.countBatches(1))) {
      s.setString(1, batchId);
      for (int i : new int[] {2, 3}) {
        s.setString(i, BatchRows.observedAt(range[0]));
      }
      for (int i : new int[] {4, 5}) {
        s.setString(i, BatchRows.observedAt(range[1]));
      }
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return TableHistory.tableScanInput(plan.toString());
    }
  }

  private static long[] eventRange(WriterRun writers, String batchId) throws SQLException {
    try (Connection c = Stack.trino("bench-metrics");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT min(observed_at_ms), max(observed_at_ms) FROM "
                    + writers.table()
                    + " WHERE batch_id = ?")) {
      s.setString(1, batchId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }
}
