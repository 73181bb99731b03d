package dev.precip.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Requests/s the fetcher achieves against the offline source with NOAA's 5 requests/s limit on both
 * sides (it must sit at the limit and meet no 429), and pages published/s with the limits lifted.
 * Each run is a fresh source and fetcher process and a fresh raw topic; the fetch spans {@code
 * days} days of {@code stations} stations. Run with {@code bin/bench fetcher}.
 */
public final class FetcherBenchmark {

  private static final Logger LOG = Logger.getLogger(FetcherBenchmark.class);

  private FetcherBenchmark() {}

  public static void main(String[] args) throws Exception {
    int stations = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    List<String> lines = new ArrayList<>();
    lines.add(run("limited", stations, days, 5));
    lines.add(run("unlimited", stations, days, 0));
    LOG.infof("fetcher, %d stations x %d days, pages of 1000:", stations, days);
    lines.forEach(LOG::info);
  }

  private static String run(String name, int stations, int days, int perSecond) throws Exception {
    String suffix = "bench" + Long.toString(System.currentTimeMillis(), 36) + name;
    String raw = "noaa.pages.raw." + suffix;
    Topics.create(3, raw);
    Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"), suffix);
    int sourcePort = PipelineRun.BASE_PORT + 30;
    Map<String, String> sourceConfig = new LinkedHashMap<>();
    sourceConfig.put("noaa-offline.station-count", Integer.toString(stations));
    sourceConfig.put("noaa-offline.requests-per-second", Integer.toString(perSecond));
    sourceConfig.put("noaa-offline.requests-per-day", "0");
    Map<String, String> fetcherConfig =
        new LinkedHashMap<>(Stack.fetcherJobStore("fetcher_" + suffix));
    fetcherConfig.put(
        "quarkus.rest-client.noaa-api.url", "http://127.0.0.1:" + sourcePort + "/cdo-web/api/v2");
    fetcherConfig.put("mp.messaging.outgoing.pages-out.topic", raw);
    fetcherConfig.put("fetcher.noaa.requests-per-second", Integer.toString(perSecond));
    fetcherConfig.put("fetcher.noaa.requests-per-day", "0");
    try (ServiceProcess source =
            new ServiceProcess("noaa-offline-source", sourcePort, sourceConfig, logs);
        ServiceProcess fetcher =
            new ServiceProcess(
                "fetcher-service", PipelineRun.BASE_PORT + 31, fetcherConfig, logs)) {
      source.start();
      fetcher.start();
      source.awaitReady(Duration.ofMinutes(2));
      fetcher.awaitReady(Duration.ofMinutes(2));
      String body =
          "{\"startDate\":\"2010-01-01\",\"endDate\":\""
              + java.time.LocalDate.of(2010, 1, 1).plusDays(days - 1)
              + "\"}";
      long start = System.nanoTime();
      HttpResponse<String> created = Http.postAsOperator(fetcher.uri("/fetches"), body);
      String id = Http.JSON.readTree(created.body()).get("id").asText();
      JsonNode job;
      long firstPageAt = 0;
      do {
        Thread.sleep(50);
        job = Http.get(fetcher.uri("/fetches/" + id));
        if (firstPageAt == 0 && job.get("pagesDone").asLong() >= 1) {
          firstPageAt = System.nanoTime();
        }
      } while (!job.get("state").asText().equals("SUCCEEDED")
          && !job.get("state").asText().equals("FAILED"));
      long end = System.nanoTime();
      double seconds = (end - start) / 1e9;
      // after the first page: the source has generated the window and both JVMs are warm
      double steady = (job.get("requests").asLong() - 1) / ((end - firstPageAt) / 1e9);
      long requests = job.get("requests").asLong();
      long pages = job.get("pagesDone").asLong();
      long published = Topics.total(raw);
      long limited =
          (long) Http.metric(fetcher.uri("/q/metrics"), "fetcher_requests_total{status=\"429\"}");
      return String.format(
          "  %s (%s req/s): %s, %d pages (%d on the topic), %d records, %d requests in %.1f s"
              + " = %.2f requests/s, %.1f pages/s; after the first page %.2f requests/s;"
              + " 429 answers seen: %d",
          name,
          perSecond == 0 ? "no limit" : Integer.toString(perSecond),
          job.get("state").asText(),
          pages,
          published,
          job.get("records").asLong(),
          requests,
          seconds,
          requests / seconds,
          pages / seconds,
          steady,
          limited);
    } finally {
      Topics.delete(raw);
    }
  }
}
