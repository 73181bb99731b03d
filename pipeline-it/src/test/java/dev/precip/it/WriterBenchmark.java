package dev.precip.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.repository.PrecipTableSql;
import dev.precip.writer.service.BatchRows;
import dev.precip.writer.service.TableName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * Rows/s into Iceberg through Trino, in one run on the same stack: (a) a bare JDBC client sending
 * the writer's own statement (one JSON-array parameter unnested) for consecutive batches, and for
 * reference the earlier dedup in Trino (the same statement with a natural-key anti-join, {@code
 * bench.writer.anti-join} connections) and the naive literal {@code INSERT ... VALUES}; (b) the
 * writer service (key ledger claim, statement, settlement) draining the same records from Kafka;
 * their ratio at the same number of statements in flight ({@code bench.writer.consumers}:
 * connections of (a), consumers of one writer instance in (b)); (c) several writer instances of one
 * consumer each ({@code bench.writer.instances}); and, per statement, Trino's analysis and planning
 * time against the rest (execution and the Iceberg commit), from {@code system.runtime.queries}.
 * Each part writes to a fresh table and is timed after its own warm-up rows ({@code
 * bench.writer.warmup}, default 40,000: Trino and the writer JIT-compile their hot paths over the
 * first tens of thousands of rows). Run with {@code bin/bench writer}.
 */
public final class WriterBenchmark {

  private static final Logger LOG = Logger.getLogger(WriterBenchmark.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LITERAL_BATCHES = 10;
  private static final int LITERAL_MAX_ROWS = 2000;

  private static final String WRITER_JDBC_PREFIX =
      "quarkus.datasource.trino.jdbc.additional-jdbc-properties.";

  /**
   * The writer's Trino JDBC properties ({@code
   * quarkus.datasource.trino.jdbc.additional-jdbc-properties.*}), read from its configuration so
   * the benchmark's connections are the writer's.
   */
  private static final Properties WRITER_JDBC = writerJdbcProperties();

  /** The writer's Trino session. */
  static final String WRITER_SESSION = WRITER_JDBC.getProperty("sessionProperties", "");

  private WriterBenchmark() {}

  private static Properties writerJdbcProperties() {
    Path file =
        Path.of(
            System.getProperty("repo.root", ".."),
            "writer-service/src/main/resources/application.properties");
    Properties config = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      config.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties jdbc = new Properties();
    for (String key : config.stringPropertyNames()) {
      if (key.startsWith(WRITER_JDBC_PREFIX)) {
        jdbc.setProperty(key.substring(WRITER_JDBC_PREFIX.length()), config.getProperty(key));
      }
    }
    return jdbc;
  }

  /** A connection as the writer's pool opens them, with the given session instead of its own. */
  static Connection writerConnection(String user, String sessionProperties) throws SQLException {
    Properties props = new Properties();
    props.putAll(WRITER_JDBC);
    props.setProperty("user", user);
    props.remove("sessionProperties");
    if (!sessionProperties.isEmpty()) {
      props.setProperty("sessionProperties", sessionProperties);
    }
    return DriverManager.getConnection(Stack.TRINO_JDBC, props);
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    String suffix = "bench" + Long.toString(System.currentTimeMillis(), 36);
    // Rows written before each timed part (by its own connections or writer), so that no part is
    // timed while its JVM is still compiling its hot paths; later months than the timed rows.
    int warmup = Integer.getInteger("bench.writer.warmup", 40_000);
    List<PrecipRecord> all = GeneratedRecords.first(rows + warmup);
    List<PrecipRecord> records = all.subList(0, rows);
    List<PrecipRecord> warm = all.subList(rows, rows + warmup);
    List<String> lines = new ArrayList<>();
    lines.add("  machine speed at the start: " + MachineSpeed.describe(MachineSpeed.workMillis()));
    try {
      // the machine's speed drifts from minute to minute: rounds of (a) then (b), each on fresh
      // tables and topics, show how far one ratio can be trusted
      int rounds = Integer.getInteger("bench.writer.rounds", 1);
      for (String each : System.getProperty("bench.writer.consumers", "1,3").split(",")) {
        int consumers = Integer.parseInt(each.trim());
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          String names = rounds == 1 ? suffix : suffix + "r" + round;
          double bare =
              bareJdbc(records, warm, batch, names, false, WRITER_SESSION, consumers, lines);
          double service = writerService(records, warm, batch, names, 1, consumers, lines);
          ratios.add(service / bare);
          lines.add(
              String.format(
                  "  (b)/(a) at %d in flight = %.2f%s",
                  consumers,
                  service / bare,
                  rounds == 1 ? "" : String.format(" (round %d of %d)", round, rounds)));
        }
        if (rounds > 1) {
          lines.add(RoundRatios.summary(consumers, ratios));
        }
      }
      for (String each : System.getProperty("bench.writer.instances", "").split(",")) {
        if (!each.isBlank()) {
          writerService(records, warm, batch, suffix, Integer.parseInt(each.trim()), 1, lines);
        }
      }
      for (String each : System.getProperty("bench.writer.anti-join", "1").split(",")) {
        if (!each.isBlank()) {
          bareJdbc(
              records,
              warm,
              batch,
              suffix,
              true,
              WRITER_SESSION,
              Integer.parseInt(each.trim()),
              lines);
        }
      }
      if (Boolean.getBoolean("bench.writer.with-stats")) {
        bareJdbc(records, warm, batch, suffix, false, "", 1, lines);
      }
      if (Boolean.getBoolean("bench.writer.with-merge")) {
        merge(records, batch, suffix, lines);
      }
      literal(records, batch, suffix, lines);
      lines.add("  machine speed at the end: " + MachineSpeed.describe(MachineSpeed.workMillis()));
    } finally {
      dropSchemas(suffix);
    }
    LOG.infof("writer, %d rows, batches of %d:", rows, batch);
    lines.forEach(LOG::info);
  }

  /**
   * Sends consecutive batches on {@code connections} connections at once, each with the records
   * that Kafka puts into one of {@code connections} partitions (as each of the writer's consumers
   * holds its own partitions): the writer's statement or, for reference, the earlier dedup in Trino
   * (the same statement with a natural-key anti-join).
   */
  static double bareJdbc(
      List<PrecipRecord> records,
      List<PrecipRecord> warm,
      int batch,
      String suffix,
      boolean antiJoin,
      String sessionProperties,
      int connections,
      List<String> lines)
      throws Exception {
    String part =
        (antiJoin ? "_antijoin" : sessionProperties.isEmpty() ? "_stats" : "_bare") + connections;
    String user = "bench" + part + "-" + suffix;
    PrecipTableSql sql = freshTable(user, suffix + part);
    String insert = antiJoin ? sql.insertNew() : sql.insert();
    sendShares(warm, connections, batch, antiJoin, user, sessionProperties, insert);
    long inStatementsBefore = IN_STATEMENTS_NANOS.get();
    CpuShares cpu = CpuShares.from(processes(Map.of()));
    long start = System.nanoTime();
    sendShares(records, connections, batch, antiJoin, user, sessionProperties, insert);
    long elapsed = System.nanoTime() - start;
    String cores = cpu.cores();
    double seconds = elapsed / 1e9;
    double rate = records.size() / seconds;
    // comparable with the writer's "in flight": time inside executeUpdate, over the wall clock
    double inFlight = (double) (IN_STATEMENTS_NANOS.get() - inStatementsBefore) / elapsed;
    lines.add(
        String.format(
            "  %s, %d connection(s): %d rows in %.1f s = %.0f rows/s; %.2f statements in flight on"
                + " average, the largest share %.1f%% of the rows; CPU in cores: %s; %s",
            antiJoin
                ? "reference, bare JDBC, the earlier dedup in Trino (the statement with a"
                    + " natural-key anti-join)"
                : sessionProperties.isEmpty()
                    ? "bare JDBC, the writer's statement with table statistics (Trino's default)"
                    : "(a) bare JDBC, the writer's statement and session",
            connections,
            records.size(),
            seconds,
            rate,
            inFlight,
            100.0 * largestShare(records, connections) / records.size(),
            cores,
            statementTimes(user)));
    return rate;
  }

  /** Rows of the largest of {@code connections} shares: the share that decides when a part ends. */
  private static long largestShare(List<PrecipRecord> records, int connections) {
    return shares(records, connections).stream().mapToLong(List::size).max().orElse(0);
  }

  /** The records of each of {@code connections} partitions, as Kafka's partitioner puts them. */
  private static List<List<PrecipRecord>> shares(List<PrecipRecord> records, int connections) {
    List<List<PrecipRecord>> shares = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      shares.add(new ArrayList<>());
    }
    for (PrecipRecord r : records) {
      shares.get(partitionOf(r.station(), connections)).add(r);
    }
    return shares;
  }

  /** Sends each share of the records on a connection of its own, all at once. */
  static void sendShares(
      List<PrecipRecord> records,
      int connections,
      int batch,
      boolean antiJoin,
      String user,
      String sessionProperties,
      String insert)
      throws Exception {
    List<List<PrecipRecord>> shares = shares(records, connections);
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<PrecipRecord> share : shares) {
        running.add(
            pool.submit(
                () -> {
                  sendBatches(share, batch, antiJoin, user, sessionProperties, insert);
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The partition Kafka's default partitioner gives a keyed record (the writer's shares). */
  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static void sendBatches(
      List<PrecipRecord> records,
      int batch,
      boolean antiJoin,
      String user,
      String sessionProperties,
      String insert)
      throws SQLException {
    try (Connection c = writerConnection(user, sessionProperties);
        PreparedStatement statement = c.prepareStatement(insert)) {
      for (int from = 0; from < records.size(); from += batch) {
        List<PrecipRecord> chunk = records.subList(from, Math.min(from + batch, records.size()));
        long first = chunk.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow();
        long last = chunk.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow();
        statement.setString(1, UUID.randomUUID().toString());
        statement.setString(2, BatchRows.toJson(chunk));
        if (antiJoin) {
          statement.setString(3, BatchRows.observedAt(first));
          statement.setString(4, BatchRows.observedAt(last));
        }
        executeRetryingConflicts(statement);
      }
    }
  }

  /** Statements retried after a commit that lost to a concurrent one, over all connections. */
  static final AtomicLong COMMIT_CONFLICTS = new AtomicLong();

  /** Time spent inside statements, summed over all connections. */
  private static final AtomicLong IN_STATEMENTS_NANOS = new AtomicLong();

  /**
   * Runs the statement, again after a commit that lost to a concurrent commit (the catalog refused
   * it, so nothing was written), as the writer service does; up to 5 times.
   */
  private static void executeRetryingConflicts(PreparedStatement statement) throws SQLException {
    long start = System.nanoTime();
    try {
      executeRetrying(statement);
    } finally {
      IN_STATEMENTS_NANOS.addAndGet(System.nanoTime() - start);
    }
  }

  private static void executeRetrying(PreparedStatement statement) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        statement.executeUpdate();
        return;
      } catch (SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (attempt == 5 || !message.contains("Commit failed: Requirement failed")) {
          throw e;
        }
        COMMIT_CONFLICTS.incrementAndGet();
        LOG.debugf("commit conflict, attempt %d: %s", attempt, message);
      }
    }
  }

  /**
   * The statements of the writer's table in {@code schema}, created as the writer creates it with
   * its default {@code writer.table.commit-retry-max-wait}, so that bare JDBC commits retry as the
   * writer's do.
   */
  static PrecipTableSql writersTable(String schema) {
    return new PrecipTableSql(
        new TableName("iceberg", schema, "precip_15"),
        Optional.of(Duration.parse(WriterConfig.Table.DEFAULT_COMMIT_RETRY_MAX_WAIT)));
  }

  /** Creates the writer's table in a schema of its own; returns the statements for it. */
  static PrecipTableSql freshTable(String user, String schema) throws SQLException {
    PrecipTableSql sql = writersTable(schema);
    try (Connection c = Stack.trino(user);
        Statement s = c.createStatement()) {
      s.execute(sql.createSchema());
      s.execute(sql.createTable());
    }
    return sql;
  }

  /** The candidate dedup: the same rows as one MERGE that inserts only when not matched. */
  private static void merge(
      List<PrecipRecord> records, int batch, String suffix, List<String> lines) throws Exception {
    String user = "bench-merge-" + suffix;
    PrecipTableSql sql = freshTable(user, suffix + "_merge");
    long start = System.nanoTime();
    try (Connection c = writerConnection(user, WRITER_SESSION);
        PreparedStatement statement = c.prepareStatement(sql.mergeNew())) {
      for (int from = 0; from < records.size(); from += batch) {
        List<PrecipRecord> chunk = records.subList(from, Math.min(from + batch, records.size()));
        long first = chunk.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow();
        long last = chunk.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow();
        statement.setString(1, BatchRows.toJson(chunk));
        statement.setString(2, BatchRows.observedAt(first));
        statement.setString(3, BatchRows.observedAt(last));
        statement.setString(4, UUID.randomUUID().toString());
        statement.executeUpdate();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    lines.add(
        String.format(
            "  candidate, bare JDBC, MERGE ... WHEN NOT MATCHED THEN INSERT, writer's session,"
                + " one connection: %d rows in %.1f s = %.0f rows/s; %s",
            records.size(), seconds, records.size() / seconds, statementTimes(user)));
  }

  private static void literal(
      List<PrecipRecord> records, int batch, String suffix, List<String> lines) throws Exception {
    String user = "bench-literal-" + suffix;
    freshTable(user, suffix + "_literal");
    try (Connection c = Stack.trino(user);
        Statement s = c.createStatement()) {
      int sent = 0;
      long start = System.nanoTime();
      // Trino refuses query texts over 1,000,000 characters: ~2,000 literal rows
      int rows = Math.min(batch, LITERAL_MAX_ROWS);
      for (int b = 0; b < LITERAL_BATCHES && b * rows < records.size(); b++) {
        List<PrecipRecord> chunk =
            records.subList(b * rows, Math.min((b + 1) * rows, records.size()));
        s.executeUpdate(literalInsert(suffix + "_literal", chunk));
        sent += chunk.size();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      lines.add(
          String.format(
              "  reference, naive literal INSERT ... VALUES (no dedup), %d rows per statement, one"
                  + " connection: %d rows in %.1f s = %.0f rows/s; %s",
              rows, sent, seconds, sent / seconds, statementTimes(user)));
    }
  }

  /** Generated data only (no quotes in it); never a way to write untrusted data. */
  private static String literalInsert(String schema, List<PrecipRecord> chunk) {
    StringBuilder sql =
        new StringBuilder("INSERT INTO iceberg.")
            .append(schema)
            .append(
                ".precip_15 (station, datatype, observed_at, observed_at_ms, date_raw, value,"
                    + " attributes, attributes_raw, ingestion_ts, batch_id, source_page,"
                    + " source_index) VALUES ");
    for (int i = 0; i < chunk.size(); i++) {
      PrecipRecord r = chunk.get(i);
      sql.append(i == 0 ? "" : ", ")
          .append("('")
          .append(r.station())
          .append("', '")
          .append(r.datatype())
          .append("', TIMESTAMP '")
          .append(BatchRows.observedAt(r.eventTimeMs()))
          .append("', ")
          .append(r.eventTimeMs())
          .append(", '")
          .append(r.date())
          .append("', ")
          .append(r.value())
          .append(", ARRAY[");
      for (int f = 0; f < r.attributes().size(); f++) {
        sql.append(f == 0 ? "'" : ", '").append(r.attributes().get(f)).append("'");
      }
      sql.append("], '")
          .append(r.attributesRaw())
          .append("', ")
          .append(r.ingestionTs())
          .append(", 'literal', '")
          .append(r.page().key())
          .append("', ")
          .append(r.pageIndex())
          .append(")");
    }
    return sql.toString();
  }

  private static double writerService(
      List<PrecipRecord> records,
      List<PrecipRecord> warm,
      int batch,
      String suffix,
      int instances,
      int consumers,
      List<String> lines)
      throws Exception {
    String run = suffix + "_writer" + instances + "x" + consumers;
    String topic = "precip.records." + run;
    String batches = "precip.batches.committed." + run;
    String dlq = topic + ".writer.dlq";
    // as many partitions as consumers beyond the pipeline's 3, so that none of them sits idle
    int partitions = Math.max(3, instances * consumers);
    Topics.create(partitions, topic, batches);
    Topics.create(1, dlq);
    try {
      Topics.produce(topic, warm);
      Topics.produce(topic, records);
      String user = "bench-writer-" + run;
      Map<String, String> w = writerConfig(run, topic, batches, dlq, batch);
      w.put("writer.consumers", Integer.toString(consumers));
      w.put("quarkus.datasource.trino.username", user);
      Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"), run);
      List<ServiceProcess> writers = new ArrayList<>();
      try {
        for (int i = 0; i < instances; i++) {
          writers.add(
              new ServiceProcess(
                  "writer-service", PipelineRun.BASE_PORT + 50 + i, w, logs.resolve("w" + i)));
        }
        // the clock starts once the warm-up rows are committed: the timed records wait behind them
        for (ServiceProcess writer : writers) {
          writer.start();
        }
        for (ServiceProcess writer : writers) {
          writer.awaitReady(Duration.ofMinutes(2));
        }
        long written;
        double seconds;
        String cores;
        WriterTimes before;
        try (CommittedRows committed = new CommittedRows(batches)) {
          committed.await(warm.size(), Duration.ofMinutes(10));
          before = WriterTimes.of(writers);
          Map<String, Long> writerPids = new LinkedHashMap<>();
          for (int i = 0; i < writers.size(); i++) {
            writerPids.put(writers.size() == 1 ? "writer" : "writer" + i, writers.get(i).pid());
          }
          CpuShares cpu = CpuShares.from(processes(writerPids));
          long start = System.nanoTime();
          written =
              committed.await(warm.size() + records.size(), Duration.ofMinutes(30)) - warm.size();
          seconds = (System.nanoTime() - start) / 1e9;
          cores = cpu.cores();
        }
        double rate = written / seconds;
        WriterTimes timed = WriterTimes.of(writers).minus(before);
        lines.add(
            String.format(
                "  (b) writer service from Kafka (%d partitions, %d instance(s) x %d consumer(s)):"
                    + " %d rows in %.1f s = %.0f rows/s; %.0f batches of %.0f rows on average,"
                    + " %.0f ms each, %.2f in flight on average; %.0f ms from arrival until the"
                    + " consumer may take its next, %.2f consumers busy on average; a partition"
                    + " idle %.0f ms between its writes; partition fence %.1f ms and key ledger"
                    + " claim %.1f ms per batch; INSERT %.0f ms as the writer waits"
                    + " for it; CPU in cores: %s; %s",
                partitions,
                instances,
                consumers,
                written,
                seconds,
                rate,
                timed.batches(),
                timed.batches() == 0 ? 0 : written / timed.batches(),
                timed.batches() == 0 ? 0 : timed.batchSeconds() * 1000 / timed.batches(),
                timed.batchSeconds() / seconds,
                timed.batches() == 0 ? 0 : timed.cycleSeconds() * 1000 / timed.batches(),
                timed.cycleSeconds() / seconds,
                timed.idles() == 0 ? 0 : timed.idleSeconds() * 1000 / timed.idles(),
                timed.fenceWaits() == 0 ? 0 : timed.fenceSeconds() * 1000 / timed.fenceWaits(),
                timed.claims() == 0 ? 0 : timed.claimSeconds() * 1000 / timed.claims(),
                timed.statements() == 0 ? 0 : timed.statementSeconds() * 1000 / timed.statements(),
                cores,
                statementTimes(user)));
        return rate;
      } finally {
        for (ServiceProcess writer : writers) {
          writer.close();
        }
      }
    } finally {
      Topics.delete(topic, batches, dlq);
    }
  }

  /**
   * The processes whose CPU a timed part reports: the stack's, this benchmark's own JVM (the bare
   * JDBC client of (a), the Kafka reader of (b)) and {@code services}.
   */
  private static Map<String, Long> processes(Map<String, Long> services) throws Exception {
    Map<String, Long> pids = new LinkedHashMap<>(Stack.pids());
    pids.put("benchmark", ProcessHandle.current().pid());
    pids.putAll(services);
    return pids;
  }

  /**
   * A writer instance's settings for a benchmark run: its topics, consumer group {@code
   * writer-<run>}, table {@code iceberg.<run>.precip_15}, batch size.
   */
  static Map<String, String> writerConfig(
      String run, String topic, String batches, String dlq, int batch) {
    Map<String, String> w = new LinkedHashMap<>();
    w.put("mp.messaging.incoming.records-in.topic", topic);
    w.put("mp.messaging.incoming.records-in.group.id", "writer-" + run);
    w.put("mp.messaging.outgoing.unreadable-out.topic", dlq);
    w.put("mp.messaging.outgoing.batches-out.topic", batches);
    w.put("writer.table.schema", run);
    w.put("writer.batch.size", Integer.toString(batch));
    w.putAll(BenchOverrides.forService("writer-service"));
    return w;
  }

  /** The writers' batch and fence timers, summed over the instances. */
  private record WriterTimes(
      double batches,
      double batchSeconds,
      double fenceWaits,
      double fenceSeconds,
      double claims,
      double claimSeconds,
      double statements,
      double statementSeconds,
      double cycleSeconds,
      double idles,
      double idleSeconds) {

    static WriterTimes of(List<ServiceProcess> writers) throws Exception {
      WriterTimes sum = new WriterTimes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      for (ServiceProcess writer : writers) {
        String metrics = Http.text(writer.uri("/q/metrics"));
        sum =
            sum.plus(
                new WriterTimes(
                    Http.metric(metrics, "writer_batch_latency_seconds_count"),
                    Http.metric(metrics, "writer_batch_latency_seconds_sum"),
                    Http.metric(metrics, "writer_fence_wait_seconds_count"),
                    Http.metric(metrics, "writer_fence_wait_seconds_sum"),
                    Http.metric(metrics, "writer_ledger_claim_seconds_count"),
                    Http.metric(metrics, "writer_ledger_claim_seconds_sum"),
                    Http.metric(metrics, "writer_statement_seconds_count"),
                    Http.metric(metrics, "writer_statement_seconds_sum"),
                    Http.metric(metrics, "writer_batch_cycle_seconds_sum"),
                    Http.metric(metrics, "writer_partition_idle_seconds_count"),
                    Http.metric(metrics, "writer_partition_idle_seconds_sum")));
      }
      return sum;
    }

    WriterTimes plus(WriterTimes o) {
      return new WriterTimes(
          batches + o.batches,
          batchSeconds + o.batchSeconds,
          fenceWaits + o.fenceWaits,
          fenceSeconds + o.fenceSeconds,
          claims + o.claims,
          claimSeconds + o.claimSeconds,
          statements + o.statements,
          statementSeconds + o.statementSeconds,
          cycleSeconds + o.cycleSeconds,
          idles + o.idles,
          idleSeconds + o.idleSeconds);
    }

    WriterTimes minus(WriterTimes o) {
      return new WriterTimes(
          batches - o.batches,
          batchSeconds - o.batchSeconds,
          fenceWaits - o.fenceWaits,
          fenceSeconds - o.fenceSeconds,
          claims - o.claims,
          claimSeconds - o.claimSeconds,
          statements - o.statements,
          statementSeconds - o.statementSeconds,
          cycleSeconds - o.cycleSeconds,
          idles - o.idles,
          idleSeconds - o.idleSeconds);
    }
  }

  /** The rows of the writer's batch events, summed as they arrive. */
  static final class CommittedRows implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private long rows;

    CommittedRows(String batches) {
      consumer = Topics.reader(batches);
    }

    /** Reads events until {@code total} rows are committed or the timeout passed. */
    long await(long total, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (rows < total && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          rows += JSON.readTree(r.value()).path("rows").asLong(0);
        }
      }
      return rows;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /**
   * Average Trino times of this user's INSERT statements still in Trino's query history (the last
   * 100 queries of the cluster by default), so it is read right after each part.
   */
  private static String statementTimes(String user) throws SQLException {
    try (Connection c = Stack.trino("bench-reader");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*), avg(analysis_time_ms), avg(planning_time_ms),"
                    + " avg(to_milliseconds(\"end\" - created)),"
                    + " approx_percentile(to_milliseconds(\"end\" - created), 0.95)"
                    + " FROM system.runtime.queries WHERE \"user\" = ? AND state = 'FINISHED'"
                    // prepared statements show as EXECUTE; the writer prepares only its INSERT
                    // while no row is a duplicate, as in these runs
                    + " AND (query LIKE 'INSERT%' OR query LIKE 'EXECUTE%')")) {
      s.setString(1, user);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return String.format(
            "per statement (last %d): analysis %.0f ms, planning %.0f ms, total %.0f ms"
                + " (p95 %.0f), so execution + commit ~%.0f ms",
            rs.getLong(1),
            rs.getDouble(2),
            rs.getDouble(3),
            rs.getDouble(4),
            rs.getDouble(5),
            rs.getDouble(4) - rs.getDouble(2) - rs.getDouble(3));
      }
    }
  }

  /** Drops every schema this run created (their names start with the run's suffix). */
  static void dropSchemas(String suffix) {
    List<String> schemas = new ArrayList<>();
    try (Connection c = Stack.trino("bench-cleanup");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW SCHEMAS FROM iceberg LIKE '" + suffix + "%'")) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    } catch (SQLException e) {
      LOG.warnf("could not list the schemas of %s: %s", suffix, e.getMessage());
    }
    for (String schema : schemas) {
      try (Connection c = Stack.trino("bench-cleanup");
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS iceberg." + schema + ".precip_15");
        s.execute("DROP SCHEMA IF EXISTS iceberg." + schema);
      } catch (SQLException e) {
        LOG.warnf("could not drop %s: %s", schema, e.getMessage());
      }
    }
  }
}
