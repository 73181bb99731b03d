package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precip.contracts.PageIdentity;
import dev.precip.noaa.offline.generator.Observation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A month fetched from the offline source on a bad day (5xx, proxy errors, HTML and truncated
 * pages, spurious {@code {}}, answers slower than the timeout), with the fetcher killed with
 * SIGKILL mid-job and started again: the job resumes from PostgreSQL without re-fetching finished
 * pages, every page reaches the raw topic at least once, and the totals are exact.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class FetcherResumeIT {

  private static final Logger LOG = Logger.getLogger(FetcherResumeIT.class);
  private static final long SEED = 20100501;
  private static final int STATIONS = 40;
  private static final int PAGE_LIMIT = 100;
  private static final int WORKERS = 4;
  private static final LocalDate FIRST = LocalDate.of(2010, 5, 1);
  private static final LocalDate LAST = LocalDate.of(2010, 5, 31);

  private String raw;
  private ServiceProcess source;
  private ServiceProcess fetcher;
  private ServiceProcess secondFetcher;

  @BeforeEach
  void start() throws Exception {
    String suffix = "it" + Long.toString(System.currentTimeMillis(), 36) + "resume";
    raw = "noaa.pages.raw." + suffix;
    Topics.create(3, raw);
    Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"), suffix);
    int sourcePort = PipelineRun.BASE_PORT + 40;
    Map<String, String> s = new LinkedHashMap<>();
    s.put("noaa-offline.seed", Long.toString(SEED));
    s.put("noaa-offline.station-count", Integer.toString(STATIONS));
    s.put("noaa-offline.faults.seed", "11");
    s.put("noaa-offline.faults.server-error", "0.06");
    s.put("noaa-offline.faults.bad-gateway", "0.03");
    s.put("noaa-offline.faults.html", "0.03");
    s.put("noaa-offline.faults.truncated", "0.03");
    s.put("noaa-offline.faults.empty", "0.03");
    s.put("noaa-offline.faults.slow", "0.02");
    s.put("noaa-offline.faults.slow-delay", "PT4S");
    source = new ServiceProcess("noaa-offline-source", sourcePort, s, logs);
    Map<String, String> f = new LinkedHashMap<>(Stack.fetcherJobStore("fetcher_" + suffix));
    f.put("quarkus.rest-client.noaa-api.url", "http://127.0.0.1:" + sourcePort + "/cdo-web/api/v2");
    f.put("quarkus.rest-client.noaa-api.read-timeout", "2000");
    f.put("mp.messaging.outgoing.pages-out.topic", raw);
    f.put("fetcher.noaa.page-limit", Integer.toString(PAGE_LIMIT));
    f.put("fetcher.jobs.max-window", "P7D");
    f.put("fetcher.jobs.workers", Integer.toString(WORKERS));
    f.put("fetcher.jobs.retry-backoff", "PT2S");
    fetcher = new ServiceProcess("fetcher-service", PipelineRun.BASE_PORT + 41, f, logs);
    secondFetcher =
        new ServiceProcess(
            "fetcher-service", PipelineRun.BASE_PORT + 42, f, logs.resolve("second"));
    source.start();
    fetcher.start();
    source.awaitReady(Duration.ofMinutes(2));
    fetcher.awaitReady(Duration.ofMinutes(2));
    // started after the first one has migrated the schema
    secondFetcher.start();
    secondFetcher.awaitReady(Duration.ofMinutes(2));
  }

  @AfterEach
  void stop() throws Exception {
    if (fetcher != null) {
      fetcher.close();
    }
    if (secondFetcher != null) {
      secondFetcher.close();
    }
    if (source != null) {
      source.close();
    }
    Topics.delete(raw);
  }

  @Test
  void aKilledFetcherResumesAndEveryPageIsPublishedWithExactTotals() throws Exception {
    Expected expected = Expected.of(SEED, STATIONS, FIRST, LAST);
    HttpResponse<String> created =
        Http.postAsOperator(
            fetcher.uri("/fetches"),
            "{\"startDate\":\"" + FIRST + "\",\"endDate\":\"" + LAST + "\"}");
    assertEquals(202, created.statusCode(), created.body());
    String id = Http.JSON.readTree(created.body()).get("id").asText();

    int doneAtKill =
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> Http.get(fetcher.uri("/fetches/" + id)).get("pagesDone").asInt(),
                n -> n >= 12);
    fetcher.kill();
    fetcher.start();
    fetcher.awaitReady(Duration.ofMinutes(2));
    JsonNode afterRestart = Http.get(fetcher.uri("/fetches/" + id));
    assertTrue(
        afterRestart.get("pagesDone").asInt() >= doneAtKill,
        "finished pages survive the kill: " + afterRestart);

    JsonNode job =
        await()
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> Http.get(fetcher.uri("/fetches/" + id)),
                j ->
                    j.get("state").asText().equals("SUCCEEDED")
                        || j.get("state").asText().equals("FAILED"));

    assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
    assertEquals(expected.size(), job.get("records").asLong(), "records of the job");
    assertTrue(job.get("pagesTotalExact").asBoolean());
    int expectedPages = expectedPages(expected);
    assertEquals(expectedPages, job.get("pagesDone").asInt(), "pages of the job");
    assertTrue(job.get("retries").asLong() > 0, "the bad day at NOAA did happen: " + job);

    // every page on the topic at least once, with the content the source serves for it
    Map<String, List<String>> bodiesByPage = new TreeMap<>();
    for (ConsumerRecord<String, String> r : Topics.records(raw)) {
      bodiesByPage.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
    }
    assertEquals(expectedPages, bodiesByPage.size(), "distinct pages on the raw topic");
    Map<String, Integer> observationsSeen = new HashMap<>();
    int duplicates = 0;
    for (Map.Entry<String, List<String>> page : bodiesByPage.entrySet()) {
      assertEquals(id, PageIdentity.parse(page.getKey()).jobId());
      List<String> copies = page.getValue();
      duplicates += copies.size() - 1;
      for (String copy : copies) {
        assertEquals(copies.get(0), copy, "a page published twice has the same content");
      }
      for (JsonNode item : Http.JSON.readTree(copies.get(0)).get("results")) {
        observationsSeen.merge(
            item.get("station").asText() + "|" + item.get("date").asText(), 1, Integer::sum);
      }
    }
    Map<String, Integer> observationsExpected = new HashMap<>();
    for (Observation o : expected.observations()) {
      observationsExpected.merge(o.station() + "|" + o.date(), 1, Integer::sum);
    }
    assertEquals(observationsExpected, observationsSeen, "the pages hold exactly the month");
    // a kill can only repeat the pages its workers held, never more; the instances share pages
    assertTrue(duplicates <= WORKERS, duplicates + " pages published twice");
    double bySecond = Http.metric(secondFetcher.uri("/q/metrics"), "fetcher_pages_published_total");
    assertTrue(bySecond > 0 && bySecond < expectedPages, "the second instance took a share");
    LOG.infof(
        "resume: %d pages (%d done at the kill, %.0f by the instance never killed), %d records,"
            + " %d requests, %d retries, %d page(s) published twice, 429 answers to the second"
            + " instance: %.0f",
        expectedPages,
        doneAtKill,
        bySecond,
        job.get("records").asLong(),
        job.get("requests").asLong(),
        job.get("retries").asLong(),
        duplicates,
        Http.metric(secondFetcher.uri("/q/metrics"), "fetcher_requests_total{status=\"429\"}"));
  }

  /** Pages the month needs: per one-week window, its count paged by the page limit. */
  private static int expectedPages(Expected expected) {
    int pages = 0;
    for (LocalDate from = FIRST; !from.isAfter(LAST); from = from.plusDays(7)) {
      LocalDate to = from.plusDays(6).isAfter(LAST) ? LAST : from.plusDays(6);
      String start = from.toString();
      String end = to.plusDays(1).toString();
      long inWindow =
          expected.observations().stream()
              .filter(o -> o.date().compareTo(start) >= 0 && o.date().compareTo(end) < 0)
              .count();
      pages += (int) ((inWindow + PAGE_LIMIT - 1) / PAGE_LIMIT);
    }
    return pages;
  }
}
