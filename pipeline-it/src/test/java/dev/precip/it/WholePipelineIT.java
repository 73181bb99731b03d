package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precip.noaa.offline.generator.DataQuery;
import dev.precip.noaa.offline.generator.Observation;
import dev.precip.noaa.offline.generator.PrecipGenerator;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A month of offline PRECIP_15 data through all five services on the real stack: every record
 * becomes exactly one row, nothing goes to the dead-letter topic, and the per-station metrics equal
 * what the generator says they must be.
 */
class WholePipelineIT {

  private static final long SEED = 20100501;
  private static final int STATIONS = 20;
  private static final LocalDate FIRST = LocalDate.of(2010, 5, 1);
  private static final LocalDate LAST = LocalDate.of(2010, 5, 31);

  private static PipelineRun run;
  private static List<Observation> expected;

  @BeforeAll
  static void startPipelineAndFetchAMonth() throws Exception {
    expected =
        new PrecipGenerator(SEED, STATIONS)
            .observations(
                new DataQuery(
                    FIRST.atStartOfDay(),
                    LAST.atTime(23, 59, 59),
                    Set.of(),
                    Set.of(),
                    Optional.empty()));
    run = new PipelineRun(SEED, STATIONS);
    run.start();

    HttpResponse<String> created =
        Http.postAsOperator(
            run.fetcher.uri("/fetches"),
            "{\"startDate\":\"" + FIRST + "\",\"endDate\":\"" + LAST + "\"}");
    assertEquals(202, created.statusCode(), created.body());
    String jobId = Http.JSON.readTree(created.body()).get("id").asText();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> Http.get(run.fetcher.uri("/fetches/" + jobId)).get("state").asText(),
            s -> !s.equals("RUNNING") && !s.equals("QUEUED"));
    JsonNode job = Http.get(run.fetcher.uri("/fetches/" + jobId));
    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals(expected.size(), job.get("records").asLong(), "records fetched");
  }

  @AfterAll
  static void stop() throws Exception {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void everyRecordBecomesExactlyOneRow() throws Exception {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> count("SELECT count(*) FROM " + run.table("precip_15")),
            n -> n >= expected.size());
    // late duplicates would arrive after the count is first reached
    Thread.sleep(3000);
    assertEquals(expected.size(), count("SELECT count(*) FROM " + run.table("precip_15")));
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM (SELECT station, datatype, observed_at FROM "
                + run.table("precip_15")
                + " GROUP BY 1, 2, 3 HAVING count(*) > 1)"),
        "natural keys present more than once");
    assertEquals(0, deadLetters(), "records on the dead-letter topic");
  }

  @Test
  void metricsEqualTheGeneratorsPerStationCounts() throws Exception {
    Map<String, long[]> want = new TreeMap<>();
    for (Observation o : expected) {
      long[] c = want.computeIfAbsent(o.station(), s -> new long[2]);
      c[0]++;
      if (o.isMissing()) {
        c[1]++;
      }
    }
    await()
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> metricsByStation().equals(asText(want)));
    for (JsonNode station : Http.get(run.metrics.uri("/metrics/stations"))) {
      long[] c = want.get(station.get("station").asText());
      double pct = Math.round(100.0 * c[1] / c[0] * 10_000) / 10_000.0;
      assertEquals(pct, station.get("missingPct").asDouble(), 1e-9, station.toString());
    }
  }

  @Test
  void maintenanceRunsEveryProcedureAndKeepsEveryRow() throws Exception {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> count("SELECT count(*) FROM " + run.table("precip_15")),
            n -> n >= expected.size());
    HttpResponse<String> r = Http.postAsOperator(run.maintenance.uri("/maintenance/runs"), "");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode result = Http.JSON.readTree(r.body());
    assertEquals("SUCCEEDED", result.get("outcome").asText(), result.toPrettyString());
    JsonNode data = result.get("tables").get(0);
    assertEquals(
        List.of("optimize", "optimize_manifests", "expire_snapshots", "remove_orphan_files"),
        data.get("steps").findValuesAsText("procedure"));
    assertTrue(
        data.get("after").get("dataFiles").asLong() <= data.get("before").get("dataFiles").asLong(),
        data.toString());
    assertEquals(expected.size(), count("SELECT count(*) FROM " + run.table("precip_15")));
  }

  private static Map<String, String> asText(Map<String, long[]> counts) {
    Map<String, String> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v[0] + "/" + v[1]));
    return out;
  }

  private static Map<String, String> metricsByStation() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode s : Http.get(run.metrics.uri("/metrics/stations"))) {
      out.put(s.get("station").asText(), s.get("total").asLong() + "/" + s.get("missing").asLong());
    }
    return out;
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = run.trino();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long deadLetters() {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Stack.KAFKA,
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-dlq-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(run.rejectsTopic));
      long n = 0;
      long idleSince = System.currentTimeMillis();
      while (System.currentTimeMillis() - idleSince < 5000) {
        int got = consumer.poll(Duration.ofMillis(500)).count();
        if (got > 0) {
          n += got;
          idleSince = System.currentTimeMillis();
        }
      }
      return n;
    }
  }
}
