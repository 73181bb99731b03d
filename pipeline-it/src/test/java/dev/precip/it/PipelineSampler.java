package dev.precip.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** Takes {@link PipelineSample}s of a {@link PipelineRun} and the stack under it. */
final class PipelineSampler {

  private static final Logger LOG = Logger.getLogger(PipelineSampler.class);

  /** Each stage's records counter, as its service exports it. */
  static final Map<String, String> COUNTERS =
      Map.of(
          "fetched", "fetcher_records_published_total",
          "normalized", "normalizer_records_out_total",
          "written", "writer_rows_written_total",
          "counted", "metrics_delta_rows_total");

  private final PipelineRun run;
  private final Map<String, Long> stackPids;
  private final long startNanos = System.nanoTime();

  PipelineSampler(PipelineRun run, Map<String, Long> stackPids) {
    this.run = run;
    this.stackPids = Map.copyOf(stackPids);
  }

  PipelineSample sample() throws Exception {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Double> counted = new LinkedHashMap<>();
    counted.put("fetched", counter(run.fetcher, "fetched"));
    counted.put("normalized", counter(run.normalizer, "normalized"));
    counted.put("written", counter(run.writer, "written"));
    counted.put("counted", counter(run.metrics, "counted"));
    Map<String, Long> lag = new LinkedHashMap<>();
    lag.put("normalizer", Topics.lag("normalizer-" + run.suffix, run.rawTopic));
    lag.put("writer", Topics.lag("writer-" + run.suffix, run.recordsTopic));
    lag.put("metrics", Topics.lag("metrics-" + run.suffix, run.batchesTopic));
    Map<String, ProcessUsage> usage = new LinkedHashMap<>();
    for (ServiceProcess p : run.processes()) {
      usage.put(p.name(), p.isAlive() ? ProcessUsage.of(p.pid()) : ProcessUsage.GONE);
    }
    stackPids.forEach((name, pid) -> usage.put(name, ProcessUsage.of(pid)));
    return new PipelineSample(
        seconds,
        counted,
        lag,
        usage,
        trinoCount("SELECT count(*) FROM " + quotedTable("files")),
        trinoCount("SELECT count(*) FROM " + quotedTable("snapshots")),
        commits());
  }

  private static double counter(ServiceProcess service, String stage) {
    try {
      return Http.metric(service.uri("/q/metrics"), COUNTERS.get(stage));
    } catch (Exception e) {
      LOG.warnf("no %s counter from %s: %s", stage, service.name(), e.getMessage());
      return Double.NaN;
    }
  }

  private String quotedTable(String metadata) {
    return "iceberg." + run.schema + ".\"precip_15$" + metadata + "\"";
  }

  private long trinoCount(String sql) {
    try {
      return run.count(sql);
    } catch (SQLException e) {
      LOG.warnf("%s: %s", sql, e.getMessage());
      return -1;
    }
  }

  /** Batches the writer's ledger holds as committed to this run's data table. */
  long commits() throws SQLException {
    try (Connection c = Stack.postgres();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM writer.batches b JOIN writer.ledger_tables t"
                    + " ON t.id = b.table_id WHERE t.table_name = ? AND b.committed_at IS NOT NULL")) {
      s.setString(1, run.table("precip_15"));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
