package dev.precip.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The offline source and the five services, started as processes with their own topics, consumer
 * groups and Iceberg schema, so that a run is isolated from the demo and from earlier runs.
 */
final class PipelineRun implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PipelineRun.class);
  static final int BASE_PORT = Integer.getInteger("it.base-port", 18200);
  static final String SOURCE = "noaa-offline-source";
  static final String FETCHER = "fetcher-service";
  static final String NORMALIZER = "normalizer-service";
  static final String WRITER = "writer-service";
  static final String METRICS = "metrics-service";
  static final String MAINTENANCE = "maintenance-service";

  final String suffix;
  final String schema;
  private final boolean dropSchemaOnClose;
  final String rawTopic;
  final String recordsTopic;
  final String rejectsTopic;
  final String batchesTopic;
  final String summariesTopic;
  final String controlTopic;
  final ServiceProcess source;
  final ServiceProcess fetcher;
  final ServiceProcess normalizer;
  final ServiceProcess writer;
  final ServiceProcess metrics;
  final ServiceProcess maintenance;
  private final List<ServiceProcess> all;
  private final Map<String, String> normalizerConfig;
  private final Path logs;

  PipelineRun(long seed, int stations) {
    this(seed, stations, Map.of(), Map.of());
  }

  /**
   * A run whose offline source and fetcher take further settings (e.g. a corpus to serve, a token,
   * a shorter retry policy).
   */
  PipelineRun(
      long seed,
      int stations,
      Map<String, String> sourceConfig,
      Map<String, String> fetcherConfig) {
    this(seed, stations, Map.of(SOURCE, sourceConfig, FETCHER, fetcherConfig));
  }

  /**
   * A run whose services take further settings, by service name ({@link #SOURCE}, {@link #FETCHER},
   * ...); they override the run's own.
   */
  PipelineRun(long seed, int stations, Map<String, Map<String, String>> overrides) {
    this(Optional.empty(), seed, stations, overrides);
  }

  /**
   * A run writing to the tables of a schema that outlives it (a benchmark's, which must grow over
   * many runs); its topics and consumer groups are still its own.
   */
  static PipelineRun inSchema(
      String schema, long seed, int stations, Map<String, Map<String, String>> overrides) {
    return new PipelineRun(Optional.of(schema), seed, stations, overrides);
  }

  private PipelineRun(
      Optional<String> lastingSchema,
      long seed,
      int stations,
      Map<String, Map<String, String>> overrides) {
    suffix = "it" + Long.toString(System.currentTimeMillis(), 36);
    schema = lastingSchema.orElse("it_" + suffix);
    dropSchemaOnClose = lastingSchema.isEmpty();
    rawTopic = "noaa.pages.raw." + suffix;
    recordsTopic = "precip.records." + suffix;
    rejectsTopic = "precip.records.dlq." + suffix;
    batchesTopic = "precip.batches.committed." + suffix;
    summariesTopic = "noaa.pages.normalized." + suffix;
    controlTopic = "noaa.normalizer.control." + suffix;
    logs = Path.of(System.getProperty("it.logs", "target/it-logs"), suffix);

    Map<String, String> s = new LinkedHashMap<>();
    s.put("noaa-offline.seed", Long.toString(seed));
    s.put("noaa-offline.station-count", Integer.toString(stations));
    s.putAll(overrides.getOrDefault(SOURCE, Map.of()));
    source = new ServiceProcess(SOURCE, BASE_PORT, s, logs);
    Map<String, String> f = new LinkedHashMap<>(Stack.fetcherJobStore("fetcher_" + suffix));
    f.put("quarkus.rest-client.noaa-api.url", "http://127.0.0.1:" + BASE_PORT + "/cdo-web/api/v2");
    f.put("mp.messaging.outgoing.pages-out.topic", rawTopic);
    f.putAll(overrides.getOrDefault(FETCHER, Map.of()));
    fetcher = new ServiceProcess(FETCHER, BASE_PORT + 1, f, logs);
    Map<String, String> n = new LinkedHashMap<>();
    n.put("mp.messaging.incoming.pages-in.topic", rawTopic);
    n.put("mp.messaging.incoming.pages-in.group.id", "normalizer-" + suffix);
    n.put("mp.messaging.incoming.pages-in.dead-letter-queue.topic", rawTopic + ".dlq");
    n.put("mp.messaging.outgoing.records-out.topic", recordsTopic);
    n.put("mp.messaging.outgoing.rejects-out.topic", rejectsTopic);
    n.put("mp.messaging.outgoing.summaries-out.topic", summariesTopic);
    n.put("mp.messaging.outgoing.control-out.topic", controlTopic);
    n.put("mp.messaging.incoming.control-in.topic", controlTopic);
    n.put("mp.messaging.incoming.control-in.dead-letter-queue.topic", controlTopic + ".dlq");
    n.putAll(overrides.getOrDefault(NORMALIZER, Map.of()));
    normalizerConfig = Map.copyOf(n);
    normalizer = new ServiceProcess(NORMALIZER, BASE_PORT + 2, n, logs);
    Map<String, String> w = new LinkedHashMap<>();
    w.put("mp.messaging.incoming.records-in.topic", recordsTopic);
    w.put("mp.messaging.incoming.records-in.group.id", "writer-" + suffix);
    w.put("mp.messaging.outgoing.unreadable-out.topic", recordsTopic + ".writer.dlq");
    w.put("mp.messaging.outgoing.batches-out.topic", batchesTopic);
    w.put("writer.table.schema", schema);
    w.putAll(overrides.getOrDefault(WRITER, Map.of()));
    writer = new ServiceProcess(WRITER, BASE_PORT + 3, w, logs);
    Map<String, String> m = new LinkedHashMap<>();
    m.put("mp.messaging.incoming.batches-in.topic", batchesTopic);
    m.put("mp.messaging.incoming.batches-in.group.id", "metrics-" + suffix);
    m.put("mp.messaging.outgoing.parked-out.topic", batchesTopic + ".dlq");
    m.put("metrics.tables.schema", schema);
    m.put("quarkus.flyway.schemas", schema);
    m.put("quarkus.datasource.jdbc.url", Stack.POSTGRES_JDBC + "?currentSchema=" + schema);
    m.putAll(overrides.getOrDefault(METRICS, Map.of()));
    metrics = new ServiceProcess(METRICS, BASE_PORT + 4, m, logs);
    Map<String, String> c = new LinkedHashMap<>();
    c.put("maintenance.light.cron", "off");
    c.put("maintenance.full.cron", "off");
    c.put("maintenance.tables", table("precip_15") + "," + table("station_batch_metrics"));
    c.put("maintenance.snapshot-retention", "PT1M");
    c.put("maintenance.orphan-retention", "PT1M");
    c.putAll(overrides.getOrDefault(MAINTENANCE, Map.of()));
    maintenance = new ServiceProcess(MAINTENANCE, BASE_PORT + 5, c, logs);
    all = List.of(source, fetcher, normalizer, writer, metrics, maintenance);
  }

  /** Another normalizer instance of this run (same group and topics), not yet started. */
  ServiceProcess extraNormalizer(int number) {
    return new ServiceProcess(
        NORMALIZER, BASE_PORT + 5 + number, normalizerConfig, logs.resolve("n" + number));
  }

  void start() throws Exception {
    createTopics();
    for (ServiceProcess p : all) {
      p.start();
    }
    for (ServiceProcess p : all) {
      p.awaitReady(Duration.ofMinutes(2));
    }
  }

  private void createTopics() throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String t : List.of(rawTopic, recordsTopic, batchesTopic)) {
      topics.add(new NewTopic(t, 3, (short) 1));
    }
    for (String t :
        List.of(
            rejectsTopic,
            controlTopic,
            controlTopic + ".dlq",
            rawTopic + ".dlq",
            recordsTopic + ".writer.dlq",
            batchesTopic + ".dlq")) {
      topics.add(new NewTopic(t, 1, (short) 1));
    }
    topics.add(
        new NewTopic(summariesTopic, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")));
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      admin.createTopics(topics).all().get();
    }
  }

  Connection trino() throws SQLException {
    return Stack.trino("pipeline-it");
  }

  /** Starts a fetch of whole days and waits for the job to end; returns the job as JSON. */
  JsonNode fetch(LocalDate first, LocalDate last) throws Exception {
    String jobId = startFetch("{\"startDate\":\"" + first + "\",\"endDate\":\"" + last + "\"}");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> Http.get(fetcher.uri("/fetches/" + jobId)).get("state").asText(),
            s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
    return Http.get(fetcher.uri("/fetches/" + jobId));
  }

  /** Starts a fetch ({@code POST /fetches} with this body) and returns its job id. */
  String startFetch(String request) throws Exception {
    HttpResponse<String> created = Http.postAsOperator(fetcher.uri("/fetches"), request);
    if (created.statusCode() != 202) {
      throw new IllegalStateException(
          "POST /fetches answered " + created.statusCode() + ": " + created.body());
    }
    return Http.JSON.readTree(created.body()).get("id").asText();
  }

  /** The fetch job as {@code GET /fetches/{id}} shows it. */
  JsonNode job(String jobId) throws Exception {
    return Http.get(fetcher.uri("/fetches/" + jobId));
  }

  /** Every process of the run, in start order. */
  List<ServiceProcess> processes() {
    return all;
  }

  /** Where the processes of this run write their logs. */
  Path logs() {
    return logs;
  }

  /** The single number a query returns. */
  long count(String sql) throws SQLException {
    return Stack.count("pipeline-it", sql);
  }

  long rows() throws SQLException {
    return count("SELECT count(*) FROM " + table("precip_15"));
  }

  long duplicateKeys() throws SQLException {
    return count(
        "SELECT count(*) FROM (SELECT station, datatype, observed_at FROM "
            + table("precip_15")
            + " GROUP BY 1, 2, 3 HAVING count(*) > 1)");
  }

  /** Per station, {@code total/missing}, as the metrics service reports them. */
  Map<String, String> metricsByStation() throws Exception {
    return MetricsRun.reported(metrics);
  }

  /** Per station, {@code total/missing}, counted from the whole data table here in the test. */
  Map<String, String> recomputedMetrics() throws SQLException {
    return MetricsRun.recomputed(table("precip_15"));
  }

  /** The latest summary of each page (the topic is compacted by page key). */
  Map<String, JsonNode> latestSummaries() throws Exception {
    Map<String, JsonNode> byPage = new TreeMap<>();
    for (ConsumerRecord<String, String> r : Topics.records(summariesTopic)) {
      byPage.put(r.key(), Http.JSON.readTree(r.value()));
    }
    return byPage;
  }

  String table(String name) {
    return "iceberg." + schema + "." + name;
  }

  @Override
  public void close() throws Exception {
    for (ServiceProcess p : all) {
      p.close();
    }
    if (dropSchemaOnClose) {
      dropSchema();
    }
    deleteTopics();
  }

  private void dropSchema() {
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute("DROP VIEW IF EXISTS " + table("station_missing"));
      s.execute("DROP TABLE IF EXISTS " + table("station_batch_metrics"));
      s.execute("DROP TABLE IF EXISTS " + table("precip_15"));
      s.execute("DROP SCHEMA IF EXISTS iceberg." + schema);
    } catch (SQLException e) {
      LOG.warnf("could not drop schema %s: %s", schema, e.getMessage());
    }
  }

  private void deleteTopics() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      admin
          .deleteTopics(
              List.of(
                  rawTopic,
                  recordsTopic,
                  batchesTopic,
                  rejectsTopic,
                  summariesTopic,
                  controlTopic,
                  controlTopic + ".dlq",
                  rawTopic + ".dlq",
                  recordsTopic + ".writer.dlq",
                  batchesTopic + ".dlq"))
          .all()
          .get();
    }
  }
}
