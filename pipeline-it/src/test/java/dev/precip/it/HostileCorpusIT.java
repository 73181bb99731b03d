package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precip.noaa.offline.corpus.CorpusCase;
import dev.precip.noaa.offline.corpus.HostileCorpus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hostile-input corpus ({@code src/test/resources/hostile}, over 300 cases) served by the
 * offline source and fetched, normalized and written by the real services on the real stack: no
 * process crashes, every bad item is on the dead-letter topic with its reason, every bad answer is
 * held by its fetch job with its reason, every good item is exactly one row with its strings byte
 * for byte, and the NOAA token is in no log, no header and no response of the whole run.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class HostileCorpusIT {

  private static final Logger LOG = Logger.getLogger(HostileCorpusIT.class);
  private static final String TOKEN = "hostile-" + UUID.randomUUID();
  private static final String ONE_DAY = "\"startDate\":\"2010-06-01\",\"endDate\":\"2010-06-01\"";

  /** The corpus files, in the order the offline source serves them. */
  private static final List<Path> CORPUS =
      List.of(
          Path.of("src/test/resources/hostile/hand-written.jsonl").toAbsolutePath(),
          Path.of("src/test/resources/hostile/generated.jsonl").toAbsolutePath());

  private static PipelineRun run;
  private static List<CorpusCase> cases;
  private static List<CorpusCase> items;
  private static String itemsJob;
  private static final Map<CorpusCase, String> pageJobs = new LinkedHashMap<>();

  @BeforeAll
  static void fetchTheCorpus() throws Exception {
    cases = HostileCorpus.read(CORPUS).cases();
    items = cases.stream().filter(CorpusCase::isItem).toList();
    Map<String, String> source = new HashMap<>();
    source.put("noaa-offline.tokens", TOKEN);
    source.put("noaa-offline.requests-per-second", "0");
    source.put(
        "noaa-offline.corpus", String.join(",", CORPUS.stream().map(Path::toString).toList()));
    Map<String, String> fetcher = new HashMap<>();
    fetcher.put("fetcher.noaa.token", TOKEN);
    fetcher.put("fetcher.noaa.requests-per-second", "0");
    // one quick round of retries per bad answer, then the page waits (longer than the test)
    fetcher.put("dev.precip.fetcher.client.NoaaClient/fetch/Retry/delay", "10");
    fetcher.put("dev.precip.fetcher.client.NoaaClient/fetch/Retry/delayUnit", "MILLIS");
    fetcher.put("dev.precip.fetcher.client.NoaaClient/fetch/Retry/jitter", "0");
    fetcher.put("fetcher.jobs.retry-backoff", "PT1H");
    // the REST client's request log on, to prove it holds no token either
    fetcher.put("quarkus.rest-client.noaa-api.logging.scope", "request-response");
    fetcher.put(
        "quarkus.log.category.\"dev.precip.fetcher.client.TokenMaskingClientLogger\".level",
        "DEBUG");
    run = new PipelineRun(20100601, 1, source, fetcher);
    run.start();
    itemsJob = run.startFetch("{\"startDate\":\"2010-06-01\",\"endDate\":\"2010-06-30\"}");
    for (CorpusCase c : cases) {
      if (!c.isItem()) {
        pageJobs.put(
            c,
            run.startFetch(
                "{"
                    + ONE_DAY
                    + ",\"stationIds\":[\""
                    + c.answer().orElseThrow().station()
                    + "\"]}"));
      }
    }
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(HostileCorpusIT::everyJobHasAnOutcome);
    // every answer is published or held by now: wait until normalizer and writer have taken all
    // (their committed offsets at the end), then judge what they made of it
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                Topics.lag("normalizer-" + run.suffix, run.rawTopic) == 0
                    && Topics.lag("writer-" + run.suffix, run.recordsTopic) == 0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (run != null) {
      run.close();
    }
  }

  private static boolean everyJobHasAnOutcome() throws Exception {
    if (!run.job(itemsJob).get("state").asText().equals("SUCCEEDED")) {
      return false;
    }
    for (Map.Entry<CorpusCase, String> e : pageJobs.entrySet()) {
      JsonNode job = run.job(e.getValue());
      String state = job.get("state").asText();
      boolean ended =
          switch (e.getKey().expect()) {
            case "retried" -> job.get("pagesFailing").asInt() > 0;
            case "refused" -> state.equals("FAILED");
            default -> state.equals("SUCCEEDED");
          };
      if (!ended) {
        return false;
      }
    }
    return true;
  }

  @Test
  void theCorpusIsLargeAndEveryCaseHasAKnownOutcome() {
    assertTrue(cases.size() >= 200, cases.size() + " cases");
    for (CorpusCase c : cases) {
      List<String> outcomes =
          c.isItem()
              ? List.of("accepted", "rejected")
              : List.of("retried", "refused", "empty", "rejected-item", "rejected-page");
      assertTrue(outcomes.contains(c.expect()), c.id() + ": " + c.expect());
    }
  }

  @Test
  void everyAcceptedItemIsExactlyOneRowWithItsStringsByteForByte() throws Exception {
    Map<String, List<String>> rows = new HashMap<>();
    try (Connection c = run.trino();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT station, datatype, date_raw, attributes_raw, value FROM "
                    + run.table("precip_15"))) {
      while (r.next()) {
        rows.computeIfAbsent(
                r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3),
                k -> new ArrayList<>())
            .add(r.getString(4) + "|" + r.getDouble(5));
      }
    }
    long accepted = 0;
    for (CorpusCase c : items) {
      if (!c.expect().equals("accepted")) {
        continue;
      }
      accepted++;
      JsonNode f = Http.JSON.readTree(c.item());
      String key =
          f.get("station").textValue()
              + "|"
              + f.get("datatype").textValue()
              + "|"
              + f.get("date").textValue();
      List<String> found = rows.get(key);
      assertNotNull(found, c.id() + " has no row");
      assertEquals(
          List.of(f.get("attributes").textValue() + "|" + f.get("value").doubleValue()),
          found,
          c.id());
    }
    assertEquals(accepted, run.rows(), "rows: only the accepted items, each once");
  }

  @Test
  void everyRejectedItemIsOnTheDeadLetterTopicOnceWithItsReason() throws Exception {
    Map<Integer, List<JsonNode>> byIndex = new HashMap<>();
    for (JsonNode rejected : rejectedFromJob(itemsJob)) {
      byIndex
          .computeIfAbsent(rejected.get("pageIndex").asInt(), k -> new ArrayList<>())
          .add(rejected);
    }
    for (int i = 0; i < items.size(); i++) {
      CorpusCase c = items.get(i);
      List<JsonNode> found = byIndex.getOrDefault(i, List.of());
      if (c.expect().equals("accepted")) {
        assertEquals(List.of(), found, c.id() + " is valid and must not be rejected");
        continue;
      }
      assertEquals(1, found.size(), c.id() + ": " + found);
      String detail = found.get(0).get("detail").asText();
      assertFalse(detail.isBlank(), c.id());
      if (c.reason().isPresent()) {
        assertTrue(detail.contains(c.reason().get()), c.id() + ": " + detail);
      }
    }
    assertEquals(
        items.stream().filter(c -> !c.expect().equals("accepted")).count(),
        byIndex.values().stream().mapToLong(List::size).sum());
  }

  @Test
  void everyBadAnswerIsHeldWithItsReasonAndNothingOfItIsWritten() throws Exception {
    for (Map.Entry<CorpusCase, String> e : pageJobs.entrySet()) {
      CorpusCase c = e.getKey();
      JsonNode job = run.job(e.getValue());
      List<JsonNode> rejected = rejectedFromJob(e.getValue());
      switch (c.expect()) {
        case "retried", "refused" -> {
          assertEquals(0, job.get("records").asLong(), c.id());
          assertTrue(
              job.get("errors").toString().contains(c.reason().orElseThrow()), c.id() + ": " + job);
          assertEquals(List.of(), rejected, c.id());
        }
        case "empty" -> {
          assertEquals(0, job.get("records").asLong(), c.id());
          assertEquals(List.of(), rejected, c.id());
        }
        default -> {
          assertEquals(1, rejected.size(), c.id() + ": " + rejected);
          assertTrue(
              rejected.get(0).get("detail").asText().contains(c.reason().orElseThrow()), c.id());
          int index = rejected.get(0).get("pageIndex").asInt();
          assertEquals(c.expect().equals("rejected-page") ? -1 : 0, index, c.id());
        }
      }
    }
  }

  @Test
  void hostileRequestParametersAreAnsweredWithAClientError() throws Exception {
    String injection = URLEncoder.encode("COOP:1' OR '1'='1", StandardCharsets.UTF_8);
    for (URI uri :
        List.of(
            run.metrics.uri("/metrics/stations/" + injection),
            run.metrics.uri("/metrics/worst?limit=1%3BDROP%20TABLE%20x"),
            run.metrics.uri("/metrics/worst?limit=100000000"),
            run.fetcher.uri("/fetches/" + injection),
            run.maintenance.uri("/maintenance/runs/1%20OR%201%3D1"))) {
      int status = Http.status(uri);
      assertTrue(status >= 400 && status < 500, uri + " answered " + status);
    }
  }

  @Test
  void noProcessCrashedAndEveryOneIsReady() throws Exception {
    for (ServiceProcess p : run.processes()) {
      assertTrue(p.isAlive(), p.name() + " is not running");
      assertEquals(200, Http.status(p.uri("/q/health/ready")), p.name());
    }
  }

  @Test
  void theTokenIsInNoLogNoHeaderAndNoResponse() throws Exception {
    List<Path> logs;
    try (Stream<Path> files = Files.walk(run.logs())) {
      logs = files.filter(Files::isRegularFile).toList();
    }
    assertFalse(logs.isEmpty());
    boolean clientLogged = false;
    for (Path log : logs) {
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      assertFalse(text.contains(TOKEN), "the token is in " + log);
      clientLogged |= text.contains("token=****");
    }
    assertTrue(clientLogged, "the REST client's request log was on and masked the token");
    for (ConsumerRecord<String, String> page : Topics.records(run.rawTopic)) {
      for (Header h : page.headers()) {
        assertFalse(new String(h.value(), StandardCharsets.UTF_8).contains(TOKEN), h.key());
      }
    }
    for (String job : allJobs()) {
      assertFalse(run.job(job).toString().contains(TOKEN), job);
    }
  }

  @Test
  void theCountsAreReportedFromWhatThePipelineDid() throws Exception {
    long rows = run.rows();
    long itemsRejected = withReason(rejectedFromJob(itemsJob));
    long answersHeld = 0;
    long answersRejected = 0;
    long answersEmpty = 0;
    for (String jobId : pageJobs.values()) {
      JsonNode job = run.job(jobId);
      long rejected = withReason(rejectedFromJob(jobId));
      if (job.get("errors").size() > 0) {
        answersHeld++;
      } else if (rejected > 0) {
        answersRejected += rejected;
      } else if (job.get("state").asText().equals("SUCCEEDED")
          && job.get("records").asLong() == 0) {
        answersEmpty++;
      }
    }
    long crashes = run.processes().stream().filter(p -> !p.isAlive()).count();
    ObjectNode report = Http.JSON.createObjectNode();
    report.put("cases", cases.size());
    report.put("itemCases", items.size());
    report.put("pageCases", pageJobs.size());
    report.put("accepted", rows);
    report.put("rejectedWithReason", itemsRejected + answersHeld + answersRejected);
    report.put("itemsOnTheDeadLetterTopic", itemsRejected);
    report.put("answersHeldByTheirJob", answersHeld);
    report.put("answersOnTheDeadLetterTopic", answersRejected);
    report.put("emptyAnswers", answersEmpty);
    report.put("crashes", crashes);
    Path out = Path.of("target", "hostile-corpus-report.json");
    Files.writeString(out, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    LOG.infof("hostile corpus: %s (%s)", report, out.toAbsolutePath());
    assertEquals(0, crashes);
    assertEquals(
        cases.size(),
        rows + itemsRejected + answersHeld + answersRejected + answersEmpty,
        "every case ends as a row, a rejection with its reason or an empty answer");
  }

  private static long withReason(List<JsonNode> rejected) {
    return rejected.stream().filter(r -> !r.get("detail").asText().isBlank()).count();
  }

  private static List<String> allJobs() {
    List<String> jobs = new ArrayList<>(pageJobs.values());
    jobs.add(itemsJob);
    return jobs;
  }

  /** The dead-letter entries cut from this job's pages. */
  private static List<JsonNode> rejectedFromJob(String jobId) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (ConsumerRecord<String, String> r : Topics.records(run.rejectsTopic)) {
      JsonNode rejected = Http.JSON.readTree(r.value());
      if (rejected.get("pageKey").asText().startsWith(jobId)) {
        found.add(rejected);
      }
    }
    return found;
  }
}
