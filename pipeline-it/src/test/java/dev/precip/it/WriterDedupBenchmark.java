package dev.precip.it;

import dev.precip.contracts.PrecipRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What the writer's dedup costs per batch as its key ledger grows. For each ledger size, a writer
 * service writes a table of its own; once it has made the table's ledger, the ledger is filled with
 * that many synthetic keys (stations and years the timed records never use), then the writer takes
 * {@code batches} fresh batches and, to show a replay, the same records again. The claim time per
 * batch comes from the writer's own {@code writer.ledger.claim} timer, the batch time from {@code
 * writer.batch.latency}. Run with {@code bin/bench writer-dedup}.
 */
public final class WriterDedupBenchmark {

  private static final Logger LOG = Logger.getLogger(WriterDedupBenchmark.class);

  private WriterDedupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    List<Long> sizes = new ArrayList<>();
    for (String size : (args.length > 2 ? args[2] : "0,1000000,5000000").split(",")) {
      sizes.add(Long.parseLong(size.trim()));
    }
    String suffix = "dedup" + Long.toString(System.currentTimeMillis(), 36);
    List<PrecipRecord> all = GeneratedRecords.first((batches + 2) * batch);
    List<PrecipRecord> warm = all.subList(0, 2 * batch);
    List<PrecipRecord> timed = all.subList(2 * batch, all.size());
    List<String> lines = new ArrayList<>();
    try {
      for (long size : sizes) {
        lines.add(measure(suffix + "_" + size, size, warm, timed, batch));
      }
    } finally {
      WriterBenchmark.dropSchemas(suffix);
    }
    LOG.infof(
        "writer dedup (key ledger) cost, %d batches of %d rows per ledger size:", batches, batch);
    lines.forEach(LOG::info);
  }

  private static String measure(
      String run, long size, List<PrecipRecord> warm, List<PrecipRecord> timed, int batch)
      throws Exception {
    String topic = "precip.records." + run;
    String events = "precip.batches.committed." + run;
    String dlq = topic + ".writer.dlq";
    Topics.create(1, topic, events);
    Topics.create(1, dlq);
    Map<String, String> config = WriterBenchmark.writerConfig(run, topic, events, dlq, batch);
    config.put("writer.consumers", "1");
    short table = -1;
    try (ServiceProcess writer =
            new ServiceProcess(
                "writer-service",
                PipelineRun.BASE_PORT + 50,
                config,
                Path.of(System.getProperty("it.logs", "target/it-logs"), run));
        WriterBenchmark.CommittedRows committed = new WriterBenchmark.CommittedRows(events)) {
      writer.start();
      writer.awaitReady(Duration.ofMinutes(2));
      Topics.produce(topic, warm);
      committed.await(warm.size(), Duration.ofMinutes(5));
      table = ledgerId("iceberg." + run + ".precip_15");
      long start = System.nanoTime();
      fill(table, size);
      double fillSeconds = (System.nanoTime() - start) / 1e9;

      Times before = Times.of(writer);
      Topics.produce(topic, timed);
      committed.await(warm.size() + timed.size(), Duration.ofMinutes(10));
      Times fresh = Times.of(writer).minus(before);

      // a replay: every key is held, so no statement runs; the events announce 0 rows
      Times beforeReplay = Times.of(writer);
      Topics.produce(topic, timed);
      awaitBatches(writer, beforeReplay.batches + timed.size() / batch, Duration.ofMinutes(10));
      Times replay = Times.of(writer).minus(beforeReplay);
      return String.format(
          "  ledger of %,d keys (+%,d written here; filled in %.0f s): fresh batches claim %.1f ms"
              + " (batch %.0f ms), replayed batches claim %.1f ms (batch %.0f ms)",
          size + warm.size(),
          timed.size(),
          fillSeconds,
          fresh.claimMs(),
          fresh.batchMs(),
          replay.claimMs(),
          replay.batchMs());
    } finally {
      Topics.delete(topic, events, dlq);
      if (table >= 0) {
        forget(table);
      }
    }
  }

  private static void awaitBatches(ServiceProcess writer, double batches, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Times.of(writer).batches < batches && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  private static short ledgerId(String tableName) throws SQLException {
    try (Connection c = Stack.postgres();
        PreparedStatement s =
            c.prepareStatement("SELECT id FROM writer.ledger_tables WHERE table_name = ?")) {
      s.setString(1, tableName);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getShort(1);
      }
    }
  }

  /** Synthetic keys: 400 stations, 15-minute steps from 1990 on, years the records never use. */
  private static void fill(short table, long size) throws SQLException {
    try (Connection c = Stack.postgres();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO writer.natural_keys (table_id, station, datatype, observed_at_ms,"
                    + " batch_id) SELECT ?, 'SYN:' || lpad((n % 400)::text, 6, '0'), 'QPCP',"
                    + " 631152000000 + (n / 400) * 900000, 'preload'"
                    + " FROM generate_series(?, ?) AS n")) {
      for (long from = 0; from < size; from += 1_000_000) {
        s.setShort(1, table);
        s.setLong(2, from);
        s.setLong(3, Math.min(size, from + 1_000_000) - 1);
        s.executeUpdate();
      }
    }
    try (Connection c = Stack.postgres();
        PreparedStatement s = c.prepareStatement("ANALYZE writer.natural_keys")) {
      s.execute();
    }
  }

  private static void forget(short table) {
    try (Connection c = Stack.postgres()) {
      for (String sql :
          List.of(
              "DELETE FROM writer.natural_keys WHERE table_id = ?",
              "DELETE FROM writer.batches WHERE table_id = ?",
              "DELETE FROM writer.ledger_tables WHERE id = ?")) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.setShort(1, table);
          s.executeUpdate();
        }
      }
    } catch (SQLException e) {
      LOG.warnf("could not remove the ledger of table %d: %s", table, e.getMessage());
    }
  }

  /** The writer's batch and claim timers. */
  private record Times(double batches, double batchSeconds, double claims, double claimSeconds) {

    static Times of(ServiceProcess writer) throws Exception {
      String metrics = Http.text(writer.uri("/q/metrics"));
      return new Times(
          Http.metric(metrics, "writer_batch_latency_seconds_count"),
          Http.metric(metrics, "writer_batch_latency_seconds_sum"),
          Http.metric(metrics, "writer_ledger_claim_seconds_count"),
          Http.metric(metrics, "writer_ledger_claim_seconds_sum"));
    }

    Times minus(Times o) {
      return new Times(
          batches - o.batches,
          batchSeconds - o.batchSeconds,
          claims - o.claims,
          claimSeconds - o.claimSeconds);
    }

    double claimMs() {
      return claims == 0 ? 0 : claimSeconds * 1000 / claims;
    }

    double batchMs() {
      return batches == 0 ? 0 : batchSeconds * 1000 / batches;
    }
  }
}
