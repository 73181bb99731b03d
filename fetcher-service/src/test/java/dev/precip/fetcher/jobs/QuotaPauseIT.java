package dev.precip.fetcher.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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

    // five one-day windows, one page each, at two requests per six-second period
    String id = start("2010-05-01", "2010-05-05");

    awaitState(id, "PAUSED", Duration.ofSeconds(20));
    Instant pausedUntil = Instant.parse(field(id, "pausedUntil"));
    assertNotNull(pausedUntil);
    assertEquals(
        0,
        pausedUntil.toEpochMilli() % Duration.parse(QuotaProfile.PERIOD).toMillis(),
        "the pause ends when the period restarts");
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
    assertEquals(5, (Integer) field(id, "requests"), "a spent quota sends nothing");
    wireMock.verify(5, getRequestedFor(urlPathEqualTo(DATA)));
    assertEquals(List.of(), field(id, "errors"));
  }
}
