package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A month of offline PRECIP_15 data through all five services on the real stack: every record
 * becomes exactly one row, nothing goes to the dead-letter topic, the per-page counts reconcile,
 * and the per-station metrics equal what the generator says they must be.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class WholePipelineIT {

  private static final long SEED = 20100501;
  private static final int STATIONS = 20;
  private static final LocalDate FIRST = LocalDate.of(2010, 5, 1);
  private static final LocalDate LAST = LocalDate.of(2010, 5, 31);

  private static PipelineRun run;
  private static Expected expected;

  @BeforeAll
  static void startPipelineAndFetchAMonth() throws Exception {
    expected = Expected.of(SEED, STATIONS, FIRST, LAST);
    run = new PipelineRun(SEED, STATIONS);
    run.start();
    JsonNode job = run.fetch(FIRST, LAST);
    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals(expected.size(), job.get("records").asLong(), "records fetched");
  }

  @AfterAll
  static void stop() throws Exception {
    if (run != null) {
      run.close();
    }
  }

  private static void awaitAllRows() {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(run::rows, n -> n >= expected.size());
  }

  @Test
  void everyRecordBecomesExactlyOneRow() throws Exception {
    awaitAllRows();
    // late duplicates would arrive after the count is first reached
    Thread.sleep(3000);
    assertEquals(expected.size(), run.rows());
    assertEquals(0, run.duplicateKeys(), "natural keys present more than once");
    assertEquals(0, Topics.records(run.rejectsTopic).size(), "records on the dead-letter topic");
  }

  @Test
  void thePageSummariesReconcileTheJob() throws Exception {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> sum(run.latestSummaries().values(), "items"), n -> n == expected.size());
    Collection<JsonNode> summaries = run.latestSummaries().values();
    assertEquals(expected.size(), sum(summaries, "records"));
    assertEquals(0, sum(summaries, "rejected"));
  }

  @Test
  void metricsEqualTheGeneratorsPerStationCounts() throws Exception {
    await()
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> run.metricsByStation().equals(expected.metricsByStation()));
    for (JsonNode station : Http.get(run.metrics.uri("/metrics/stations"))) {
      String[] counts = expected.metricsByStation().get(station.get("station").asText()).split("/");
      double pct =
          Math.round(100.0 * Long.parseLong(counts[1]) / Long.parseLong(counts[0]) * 10_000)
              / 10_000.0;
      assertEquals(pct, station.get("missingPct").asDouble(), 1e-9, station.toString());
    }
  }

  @Test
  void maintenanceRunsEveryProcedureAndKeepsEveryRow() throws Exception {
    awaitAllRows();
    HttpResponse<String> r = Http.postAsOperator(run.maintenance.uri("/maintenance/runs"), "");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode result = Http.JSON.readTree(r.body());
    assertEquals("SUCCEEDED", result.get("outcome").asText(), result.toPrettyString());
    JsonNode data = result.get("tables").get(0);
    assertEquals(
        List.of("OPTIMIZE", "OPTIMIZE_MANIFESTS", "EXPIRE_SNAPSHOTS", "REMOVE_ORPHAN_FILES"),
        data.get("steps").findValuesAsText("step"));
    assertTrue(
        data.get("after").get("dataFiles").asLong() <= data.get("before").get("dataFiles").asLong(),
        data.toString());
    assertEquals(expected.size(), run.rows());
  }

  private static long sum(Collection<JsonNode> summaries, String field) {
    return summaries.stream().mapToLong(s -> s.get(field).asLong()).sum();
  }
}
