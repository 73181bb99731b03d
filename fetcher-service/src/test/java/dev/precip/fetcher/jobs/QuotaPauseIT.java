package dev.precip.fetcher.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.precip.fetcher.jobs.Pages.DATA;
import static dev.precip.fetcher.jobs.Pages.awaitState;
import static dev.precip.fetcher.jobs.Pages.field;
import static dev.precip.fetcher.jobs.Pages.page;
import static dev.precip.fetcher.jobs.Pages.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precip.contracts.PageIdentity;
import dev.precip.fetcher.InjectWireMock;
import dev.precip.fetcher.QuotaProfile;
import dev.precip.fetcher.WireMockNoaa;
import dev.precip.fetcher.messaging.RawPagePublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A spent quota pauses jobs without failing a page, and they resume when it restarts. */
@QuarkusTest
@TestProfile(QuotaProfile.class)
@QuarkusTestResource(value = WireMockNoaa.class, restrictToAnnotatedClass = true)
class QuotaPauseIT {

  @InjectWireMock WireMockServer wireMock;
  @Inject @Any InMemoryConnector connector;

  @Test
  void aJobPausesWhenTheQuotaIsSpentAndResumesWhenItRestarts() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(page(1, 1, 1))));
    long start = System.nanoTime();
    long periodMillis = Duration.parse(QuotaProfile.PERIOD).toMillis();
    long firstPeriod = System.currentTimeMillis() / periodMillis;

    // five one-day windows, one page each, at two requests per six-second period
    String id = start("2010-05-01", "2010-05-05");

    awaitState(id, "PAUSED", Duration.ofSeconds(20));
    Instant pausedUntil = Instant.parse(field(id, "pausedUntil"));
    assertNotNull(pausedUntil);
    assertEquals(
        0, pausedUntil.toEpochMilli() % periodMillis, "the pause ends when the period restarts");
    assertTrue((Integer) field(id, "pagesDone") < 5);

    awaitState(id, "SUCCEEDED", Duration.ofSeconds(40));
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    assertTrue(seconds >= 6, "five requests at two per six seconds took only " + seconds + " s");
    List<PageIdentity> pages =
        connector.<String>sink(RawPagePublisher.PAGES_OUT).received().stream()
            .map(Pages::identity)
            .filter(p -> p.jobId().equals(id))
            .toList();
    assertEquals(5, pages.size(), "every page published once");
    assertEquals(5, pages.stream().map(PageIdentity::windowStart).distinct().count());
    // Counted by when NOAA received them, from the period the job started in: a slow answer on a
    // busy machine may be retried (the tests' read timeout is 1 s) and each attempt takes a permit,
    // so the quota holds per request, not per page. A permit taken just before a period ends may
    // reach NOAA just after it (a cold client's first request took ~1 s in CI), so one period can
    // receive more than its share, but never more than the periods so far have given.
    TreeMap<Long, Long> perPeriod =
        wireMock.getAllServeEvents().stream()
            .collect(
                Collectors.groupingBy(
                    e -> e.getRequest().getLoggedDate().getTime() / periodMillis,
                    TreeMap::new,
                    Collectors.counting()));
    long received = 0;
    for (long period = firstPeriod; period <= perPeriod.lastKey(); period++) {
      received += perPeriod.getOrDefault(period, 0L);
      long allowed = (period - firstPeriod + 1) * QuotaProfile.PER_PERIOD;
      assertTrue(
          received <= allowed,
          "a spent quota sends nothing: "
              + received
              + " requests by the end of period "
              + period
              + ", the quota allowed "
              + allowed
              + "; requests per period "
              + perPeriod);
    }
    assertTrue(perPeriod.firstKey() >= firstPeriod, "requests before the job: " + perPeriod);
    assertEquals(
        perPeriod.values().stream().mapToLong(Long::longValue).sum(),
        ((Integer) field(id, "requests")).longValue(),
        "the job counts every request NOAA received");
    assertEquals(List.of(), field(id, "errors"));
  }
}
