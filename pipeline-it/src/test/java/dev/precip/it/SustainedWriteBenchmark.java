package dev.precip.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precip.contracts.PrecipRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The writer's throughput over a long run of continuous commits with the maintenance service on its
 * default schedule: one writer instance (its default consumers) drains a topic kept ahead of it
 * into a fresh table, for {@code minutes}; every minute it prints the rows/s of that minute and the
 * table's live snapshots and data files, and at the end each minute against the first and the
 * maintenance runs. Run with {@code bin/bench sustained [minutes] [batch]}; {@code
 * -Dbench.maintenance.<key>=<value>} in {@code MAVEN_OPTS} overrides a maintenance setting.
 */
public final class SustainedWriteBenchmark {

  private static final Logger LOG = Logger.getLogger(SustainedWriteBenchmark.class);
  private static final long BACKLOG = 300_000;

  private SustainedWriteBenchmark() {}

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    String run = "sustained" + Long.toString(System.currentTimeMillis(), 36);
    String topic = "precip.records." + run;
    String batches = "precip.batches.committed." + run;
    String dlq = topic + ".writer.dlq";
    String table = "iceberg." + run + ".precip_15";
    Topics.create(3, topic, batches);
    Topics.create(1, dlq);
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicLong produced = new AtomicLong();
    Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"), run);

    Map<String, String> w = WriterBenchmark.writerConfig(run, topic, batches, dlq, batch);
    Map<String, String> m = new LinkedHashMap<>();
    m.put("maintenance.tables", table);
    m.putAll(BenchOverrides.of("maintenance"));

    warmTrino(run, batch);
    Thread producer =
        new Thread(() -> keepAhead(topic, "writer-" + run, producing, produced), "producer");
    List<String> lines = new ArrayList<>();
    try (ServiceProcess writer =
            new ServiceProcess("writer-service", PipelineRun.BASE_PORT + 70, w, logs);
        ServiceProcess maintenance =
            new ServiceProcess("maintenance-service", PipelineRun.BASE_PORT + 71, m, logs)) {
      producer.start();
      maintenance.start();
      writer.start();
      maintenance.awaitReady(Duration.ofMinutes(2));
      writer.awaitReady(Duration.ofMinutes(2));
      double first = 0;
      double lowest = Double.MAX_VALUE;
      int below = 0;
      List<Double> lastFive = new ArrayList<>();
      double last = rowsWritten(writer);
      long clock = System.nanoTime();
      for (int minute = 1; minute <= minutes; minute++) {
        Thread.sleep(
            Math.max(0, (clock + minute * 60_000_000_000L - System.nanoTime()) / 1_000_000));
        double now = rowsWritten(writer);
        double rate = (now - last) / 60;
        last = now;
        first = minute == 1 ? rate : first;
        lowest = Math.min(lowest, rate);
        below += rate < 0.8 * first ? 1 : 0;
        if (minute > minutes - 5) {
          lastFive.add(rate);
        }
        String line =
            String.format(
                "  minute %2d: %,6.0f rows/s (%.2f of minute 1); %s; %,d rows written",
                minute, rate, rate / first, shape(table), (long) now);
        LOG.info(line);
        lines.add(line);
      }
      lines.add(
          String.format(
              "  minute 1 %.0f rows/s; lowest minute %.0f rows/s = %.2f of it; last five minutes"
                  + " %.0f rows/s on average = %.2f of it; %d minutes below 0.8 of it",
              first,
              lowest,
              lowest / first,
              lastFive.stream().mapToDouble(Double::doubleValue).average().orElse(0),
              lastFive.stream().mapToDouble(Double::doubleValue).average().orElse(0) / first,
              below));
      lines.addAll(maintenanceRuns(maintenance));
    } finally {
      producing.set(false);
      producer.join();
      Topics.delete(topic, batches, dlq);
      // the run's table and the warm-up's, both named after the run
      WriterBenchmark.dropSchemas(run);
    }
    LOG.infof(
        "sustained writing, %d minutes, batches of %d, maintenance on its default schedule:",
        minutes, batch);
    lines.forEach(LOG::info);
  }

  /**
   * Trino compiles its hot paths over the first minutes after a start; without this the first
   * minute, the figure every later minute is compared with, would be a cold one. Writes {@code
   * bench.sustained.warmup} rows (default 30,000) with the writer's statement into a table of its
   * own, then drops it.
   */
  private static void warmTrino(String run, int batch) throws Exception {
    int rows = Integer.getInteger("bench.sustained.warmup", 30_000);
    String user = "bench-warmup-" + run;
    String insert = WriterBenchmark.freshTable(user, run + "_warmup").insert();
    long start = System.nanoTime();
    WriterBenchmark.sendShares(
        GeneratedRecords.first(rows),
        3,
        batch,
        false,
        user,
        WriterBenchmark.WRITER_SESSION,
        insert);
    LOG.infof("Trino warmed up with %d rows in %.0f s", rows, (System.nanoTime() - start) / 1e9);
  }

  /** Produces month after month, keeping about {@link #BACKLOG} records ahead of the writer. */
  private static void keepAhead(
      String topic, String group, AtomicBoolean producing, AtomicLong produced) {
    try {
      for (int month = 0; producing.get(); month++) {
        List<PrecipRecord> records = GeneratedRecords.month(month);
        Topics.produce(topic, records);
        produced.addAndGet(records.size());
        while (producing.get() && produced.get() - consumed(group, topic) > BACKLOG) {
          Thread.sleep(2000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.error("the producer stopped", e);
    }
  }

  private static long consumed(String group, String topic) throws Exception {
    return Topics.total(topic) - Topics.lag(group, topic);
  }

  private static double rowsWritten(ServiceProcess writer) throws Exception {
    return Http.metric(writer.uri("/q/metrics"), "writer_rows_written_total");
  }

  /** Live snapshots and data files of the table now. */
  private static String shape(String table) throws SQLException {
    int dot = table.lastIndexOf('.');
    String meta = table.substring(0, dot + 1) + "\"" + table.substring(dot + 1);
    try (Connection c = Stack.trino("bench-reader");
        Statement s = c.createStatement()) {
      return String.format(
          "%,d snapshots, %,d data files",
          single(s, "SELECT count(*) FROM " + meta + "$snapshots\""),
          single(s, "SELECT count(*) FROM " + meta + "$files\" WHERE content = 0"));
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The maintenance runs of the benchmark, summed by pass and outcome. */
  private static List<String> maintenanceRuns(ServiceProcess maintenance) throws Exception {
    Map<String, long[]> byKind = new TreeMap<>();
    for (JsonNode run : Http.get(maintenance.uri("/maintenance/runs?limit=1000"))) {
      if (!run.path("instance").asText().endsWith("/" + maintenance.pid())) {
        continue;
      }
      if (run.path("finishedAt").isNull() || run.path("finishedAt").isMissingNode()) {
        // the run the benchmark's end interrupted
        continue;
      }
      long ms =
          Instant.parse(run.path("finishedAt").asText()).toEpochMilli()
              - Instant.parse(run.path("startedAt").asText()).toEpochMilli();
      long[] sums =
          byKind.computeIfAbsent(
              run.path("pass").asText() + " " + run.path("outcome").asText(), k -> new long[3]);
      sums[0]++;
      sums[1] += ms;
      sums[2] = Math.max(sums[2], ms);
    }
    List<String> lines = new ArrayList<>();
    byKind.forEach(
        (kind, s) ->
            lines.add(
                String.format(
                    "  maintenance %s: %d runs, %.1f s on average, longest %.1f s",
                    kind, s[0], s[1] / 1000.0 / s[0], s[2] / 1000.0)));
    return lines;
  }
}
