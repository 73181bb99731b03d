package dev.precip.it;

import static dev.precip.it.PipelineRun.FETCHER;
import static dev.precip.it.PipelineRun.MAINTENANCE;
import static dev.precip.it.PipelineRun.METRICS;
import static dev.precip.it.PipelineRun.NORMALIZER;
import static dev.precip.it.PipelineRun.SOURCE;
import static dev.precip.it.PipelineRun.WRITER;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precip.noaa.offline.generator.Observation;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole pipeline on a bad day: a year fetched from a faulty offline source (5xx, proxy errors,
 * HTML and truncated pages, spurious {@code {}}, answers past the timeout, and 2% of the
 * observations malformed) while a seeded plan kills the five services with SIGKILL at random
 * moments and restarts Kafka and Trino once each, with maintenance on a short schedule. Afterwards
 * every observation is exactly one row or one dead-letter entry, the metrics equal a full
 * recomputation, and maintenance has run. Then the raw topic is replayed from the beginning, with
 * more kills, and all of that holds again.
 *
 * <p>{@code -Dchaos.seed=N} repeats (or varies) the plan; the seed is logged.
 */
@ExtendWith(ServiceLogsOnFailure.class)
@Timeout(value = 30, unit = TimeUnit.MINUTES) // the suite's default of 10 is for single-fault ITs
class ChaosIT {

  private static final Logger LOG = Logger.getLogger(ChaosIT.class);
  private static final long SEED = Long.getLong("chaos.seed", 20261127L);
  private static final int STATIONS = 30;
  private static final double MALFORMED = 0.02;
  private static final LocalDate FIRST = LocalDate.of(2011, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2011, 12, 31);
  private static final int KILLS = 12;
  private static final int REPLAY_KILLS = 4;
  private static final List<String> STAGES =
      List.of(FETCHER, NORMALIZER, WRITER, METRICS, MAINTENANCE);

  private PipelineRun run;

  @AfterEach
  void stop() throws Exception {
    // whatever happened, the next test finds the stack whole
    Stack.up();
    if (run != null) {
      run.close();
    }
  }

  @Test
  void underKillsAndRestartsEveryRecordEndsExactlyOnceAndAFullReplayChangesNothing()
      throws Exception {
    Expected expected = Expected.of(SEED, STATIONS, MALFORMED, FIRST, LAST);
    run = new PipelineRun(SEED, STATIONS, overrides());
    run.start();
    Instant began = Instant.now();
    Map<String, ServiceProcess> stages = new HashMap<>();
    for (ServiceProcess p : run.processes()) {
      if (STAGES.contains(p.name())) {
        stages.put(p.name(), p);
      }
    }
    String jobId = run.startFetch("{\"startDate\":\"" + FIRST + "\",\"endDate\":\"" + LAST + "\"}");
    ChaosController chaos =
        new ChaosController(
            stages,
            () ->
                "job "
                    + run.job(jobId).get("pagesDone").asInt()
                    + " pages done, table "
                    + run.rows()
                    + " rows");
    ChaosPlan plan =
        ChaosPlan.draw(
            SEED,
            STAGES,
            KILLS,
            List.of("kafka", "trino"),
            Duration.ofSeconds(3),
            Duration.ofSeconds(9));

    chaos.carryOut(plan);
    JsonNode job =
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(() -> run.job(jobId), j -> j.get("state").asText().matches("SUCCEEDED|FAILED"));
    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals(expected.size(), job.get("records").asLong(), "records fetched");
    assertTrue(job.get("retries").asLong() > 0, "the bad day at NOAA did happen: " + job);

    awaitDrained();
    assertExactlyOnce(expected, "after the chaos");
    assertTrue(
        succeededMaintenanceRunsSince(began) > 0, "no maintenance run succeeded during the run");

    long recordsBefore = Topics.total(run.recordsTopic);
    HttpResponse<String> accepted =
        Http.postAsOperator(run.normalizer.uri("/replay"), "{\"from\":\"beginning\"}");
    assertEquals(202, accepted.statusCode(), accepted.body());
    ChaosController replayChaos =
        new ChaosController(
            stages,
            () ->
                (Topics.total(run.recordsTopic) - recordsBefore)
                    + " records emitted again, writer lag "
                    + Topics.lag("writer-" + run.suffix, run.recordsTopic));
    replayChaos.carryOut(
        ChaosPlan.draw(
            SEED + 1,
            List.of(NORMALIZER, WRITER, METRICS),
            REPLAY_KILLS,
            List.of(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(6)));
    // every valid record emitted again at least once before the table is judged
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> Topics.total(run.recordsTopic),
            n -> n >= recordsBefore + expected.valid().size());
    awaitDrained();
    assertExactlyOnce(expected, "after the replay");

    LOG.infof(
        "chaos (seed %d): %d records (%d malformed), %d pages, %d requests, %d retries;"
            + " %d faults: %s; during the replay %d: %s; %d maintenance runs succeeded",
        SEED,
        expected.size(),
        expected.malformed().size(),
        job.get("pagesDone").asLong(),
        job.get("requests").asLong(),
        job.get("retries").asLong(),
        chaos.done().size(),
        chaos.done(),
        replayChaos.done().size(),
        replayChaos.done(),
        succeededMaintenanceRunsSince(began));
  }

  private Map<String, Map<String, String>> overrides() {
    Map<String, Map<String, String>> o = new HashMap<>();
    o.put(
        SOURCE,
        Map.of(
            "noaa-offline.malformed-share", Double.toString(MALFORMED),
            "noaa-offline.faults.seed", Long.toString(SEED),
            "noaa-offline.faults.server-error", "0.05",
            "noaa-offline.faults.bad-gateway", "0.03",
            "noaa-offline.faults.html", "0.02",
            "noaa-offline.faults.truncated", "0.02",
            "noaa-offline.faults.empty", "0.02",
            "noaa-offline.faults.slow", "0.01",
            "noaa-offline.faults.slow-delay", "PT4S"));
    o.put(
        FETCHER,
        Map.of(
            "quarkus.rest-client.noaa-api.read-timeout", "2000",
            "fetcher.noaa.page-limit", "30",
            "fetcher.jobs.max-window", "P31D",
            "fetcher.jobs.retry-backoff", "PT2S"));
    // a killed consumer's partitions move after seconds, not the default 45 s
    o.put(NORMALIZER, consumer("pages-in", 10_000));
    // the writer keeps its default statement timeout (20 s, at most half this): with 10 s, a cold
    // Trino on a busy machine timed out even 72-row inserts after its restart, again on each retry
    o.put(WRITER, consumer("records-in", 40_000));
    o.put(METRICS, consumer("batches-in", 10_000));
    o.put(
        MAINTENANCE,
        Map.of(
            "maintenance.light.cron", "0/15 * * * * ?", "maintenance.full.cron", "40 * * * * ?"));
    return o;
  }

  private static Map<String, String> consumer(String channel, int sessionTimeoutMs) {
    String prefix = "mp.messaging.incoming." + channel + ".";
    return Map.of(
        prefix + "session.timeout.ms", Integer.toString(sessionTimeoutMs),
        prefix + "heartbeat.interval.ms", Integer.toString(sessionTimeoutMs / 4));
  }

  /**
   * Until every stage has committed all its input and has stayed so for a while. A stage commits
   * its offsets only once its output is durable, so from then on the table, the dead-letter topic
   * and the metrics are final: whatever is missing then is lost, and the assertions name it.
   */
  private void awaitDrained() {
    await()
        .atMost(Duration.ofMinutes(10))
        .during(Duration.ofSeconds(20))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(
            () ->
                Topics.lag("normalizer-" + run.suffix, run.rawTopic) == 0
                    && Topics.lag("writer-" + run.suffix, run.recordsTopic) == 0
                    && Topics.lag("metrics-" + run.suffix, run.batchesTopic) == 0);
  }

  private void assertExactlyOnce(Expected expected, String when) throws Exception {
    List<String> rows = tableRows();
    assertSameSet(rendered(expected.valid()), rows, "table rows " + when);

    Map<String, String> rejectedByItem = new TreeMap<>();
    int copies = 0;
    for (ConsumerRecord<String, String> r : Topics.records(run.rejectsTopic)) {
      JsonNode reject = Http.JSON.readTree(r.value());
      assertEquals("INVALID_RECORD", reject.get("reason").asText(), reject.toString());
      JsonNode item = Http.JSON.readTree(reject.get("original").asText());
      String id = reject.get("pageKey").asText() + "#" + reject.get("pageIndex").asInt();
      // a page published or normalized again re-emits its rejects under the same identity
      if (rejectedByItem.put(id, render(item)) != null) {
        copies++;
      }
    }
    assertSameSet(
        rendered(expected.malformed()),
        new ArrayList<>(rejectedByItem.values()),
        "dead-letter entries " + when);

    Map<String, String> recomputed = run.recomputedMetrics();
    assertEquals(expected.metricsByStation(), recomputed, "recomputed " + when);
    // the metrics of the last batches may still be on their way to the service's answer
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> assertEquals(recomputed, run.metricsByStation(), "metrics reported " + when));
    LOG.infof(
        "%s: %d rows, %d dead-letter entries (%d repeated copies of an entry), metrics exact",
        when, rows.size(), rejectedByItem.size(), copies);
  }

  /** Equal as sets, and {@code actual} holds nothing twice; the message names a few differences. */
  private static void assertSameSet(List<String> expected, List<String> actual, String what) {
    Set<String> want = new HashSet<>(expected);
    Set<String> seen = new HashSet<>();
    List<String> twice = new ArrayList<>();
    for (String a : actual) {
      if (!seen.add(a)) {
        twice.add(a);
      }
    }
    List<String> missing = want.stream().filter(e -> !seen.contains(e)).sorted().toList();
    List<String> extra = seen.stream().filter(a -> !want.contains(a)).sorted().toList();
    assertTrue(
        twice.isEmpty() && missing.isEmpty() && extra.isEmpty(),
        what
            + ": "
            + twice.size()
            + " twice "
            + first(twice)
            + ", "
            + missing.size()
            + " missing "
            + first(missing)
            + ", "
            + extra.size()
            + " unexpected "
            + first(extra));
  }

  private static List<String> first(List<String> list) {
    return list.subList(0, Math.min(5, list.size()));
  }

  private List<String> tableRows() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = run.trino();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT station, datatype, date_raw, attributes_raw, value FROM "
                    + run.table("precip_15"))) {
      while (rs.next()) {
        out.add(
            String.join(
                "|",
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Long.toString((long) rs.getDouble(5))));
      }
    }
    return out;
  }

  private static List<String> rendered(List<Observation> observations) {
    return observations.stream()
        .map(
            o ->
                String.join(
                    "|",
                    o.station(),
                    o.datatype(),
                    o.date(),
                    o.attributes(),
                    Long.toString(o.value())))
        .toList();
  }

  private static String render(JsonNode item) {
    return String.join(
        "|",
        item.get("station").asText(),
        item.get("datatype").asText(),
        item.get("date").asText(),
        item.get("attributes").asText(),
        Long.toString(item.get("value").asLong()));
  }

  /** Maintenance runs of this run's tables that started after {@code since} and succeeded. */
  private long succeededMaintenanceRunsSince(Instant since) throws Exception {
    long n = 0;
    for (JsonNode r : Http.get(run.maintenance.uri("/maintenance/runs?limit=1000"))) {
      boolean ours = r.get("tables").findValuesAsText("table").contains(run.table("precip_15"));
      if (ours
          && r.get("outcome").asText().equals("SUCCEEDED")
          && Instant.parse(r.get("startedAt").asText()).isAfter(since)) {
        n++;
      }
    }
    return n;
  }
}
