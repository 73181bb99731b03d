package dev.precip.fetcher.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.precip.fetcher.jobs.Pages.DATA;
import static dev.precip.fetcher.jobs.Pages.awaitState;
import static dev.precip.fetcher.jobs.Pages.field;
import static dev.precip.fetcher.jobs.Pages.page;
import static dev.precip.fetcher.jobs.Pages.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.precip.contracts.PageIdentity;
import dev.precip.fetcher.InjectWireMock;
import dev.precip.fetcher.JobStoreProfile;
import dev.precip.fetcher.WireMockNoaa;
import dev.precip.fetcher.messaging.RawPagePublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetch jobs end to end in one instance: job store in PostgreSQL, NOAA played by WireMock. */
@QuarkusTest
@TestProfile(JobStoreProfile.class)
@QuarkusTestResource(value = WireMockNoaa.class, restrictToAnnotatedClass = true)
class FetchJobsIT {

  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

  @InjectWireMock WireMockServer wireMock;
  @Inject @Any InMemoryConnector connector;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
  }

  /** The pages published for one job, in publishing order. */
  private List<PageIdentity> published(String jobId) {
    return connector.<String>sink(RawPagePublisher.PAGES_OUT).received().stream()
        .map(Pages::identity)
        .filter(p -> p.jobId().equals(jobId))
        .toList();
  }

  @Test
  void aCountThatIsAnExactMultipleOfTheLimitIsPagedExactly() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .withQueryParam("offset", equalTo("1"))
            .willReturn(aResponse().withStatus(200).withBody(page(1, 2000, 1000))));
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .withQueryParam("offset", equalTo("1001"))
            .willReturn(aResponse().withStatus(200).withBody(page(1001, 2000, 1000))));

    String id = start("2010-05-01", "2010-05-31");

    awaitState(id, "SUCCEEDED", JOB_TIMEOUT);
    assertEquals(
        List.of(1, 1001), published(id).stream().map(PageIdentity::offset).sorted().toList());
    assertEquals(2000, (Integer) field(id, "records"));
    assertEquals(2, (Integer) field(id, "requests"));
    assertEquals(2, (Integer) field(id, "pagesTotal"));
    assertEquals(true, field(id, "pagesTotalExact"));
    assertEquals(0, (Integer) field(id, "estimatedRequestsLeft"));
    wireMock.verify(2, getRequestedFor(urlPathEqualTo(DATA)));
  }

  @Test
  void anEmptyWindowPublishesNothingAndSucceeds() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody("{}")));
    String id = start("2010-05-01", "2010-05-31");
    awaitState(id, "SUCCEEDED", JOB_TIMEOUT);
    assertEquals(List.of(), published(id));
    assertEquals(2, (Integer) field(id, "requests"), "an empty window is asked twice");
  }

  @Test
  void aSpuriousEmptyAnswerDoesNotLoseAWindow() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .inScenario("spurious")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(200).withBody("{}"))
            .willSetStateTo("data"));
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .inScenario("spurious")
            .whenScenarioStateIs("data")
            .willReturn(aResponse().withStatus(200).withBody(page(1, 3, 3))));
    String id = start("2010-05-01", "2010-05-31");
    awaitState(id, "SUCCEEDED", JOB_TIMEOUT);
    assertEquals(1, published(id).size());
    assertEquals(3, (Integer) field(id, "records"));
  }

  @Test
  void aRejectedWindowFailsTheJobWithNoaasMessage() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .willReturn(aResponse().withStatus(400).withBody(WireMockNoaa.BAD_DATE_RANGE)));
    String id = start("2010-05-01", "2010-05-31");
    awaitState(id, "FAILED", JOB_TIMEOUT);
    String error = field(id, "errors[0]");
    assertTrue(error.endsWith("rejected by NOAA: The date range must be less than 1 year."), error);
    assertEquals(1, (Integer) field(id, "pagesRejected"));
    assertEquals(1, (Integer) field(id, "requests"), "a 400 is not retried");
  }

  @Test
  void aServerErrorStormBeyondTheRetryBudgetIsRetriedLaterNotSkipped() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .willReturn(aResponse().withStatus(500).withBody(WireMockNoaa.SERVER_ERROR)));
    String id = start("2010-05-01", "2010-05-31");

    awaitState(id, "WAITING_TO_RETRY", JOB_TIMEOUT);
    assertEquals(1, (Integer) field(id, "pagesFailing"));
    assertEquals(5, (Integer) field(id, "requests"), "one round is five attempts");
    assertEquals(4, (Integer) field(id, "retries"));
    String error = field(id, "errors[0]");
    assertTrue(error.contains("NOAA answered 500"), error);
    assertTrue(error.contains("1 failed round(s), next try"), error);
    assertEquals(List.of(), published(id));

    // NOAA comes back: the next round publishes the page
    wireMock.resetAll();
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(page(1, 3, 3))));
    awaitState(id, "SUCCEEDED", JOB_TIMEOUT);
    assertEquals(1, published(id).size());
    assertEquals(3, (Integer) field(id, "records"));
    assertEquals(6, (Integer) field(id, "requests"));
  }

  @Test
  void aRangeOverOneYearIsFetchedInWindowsUnderOneYear() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(page(1, 2, 2))));
    String id = start("2010-01-01", "2011-02-04");
    awaitState(id, "SUCCEEDED", JOB_TIMEOUT);
    assertEquals(2, (Integer) field(id, "windowsTotal"));
    assertEquals(
        List.of("2010-01-01|2010-12-31", "2011-01-01|2011-02-04"),
        published(id).stream().map(p -> p.windowStart() + "|" + p.windowEnd()).sorted().toList());
    wireMock.verify(
        getRequestedFor(urlPathEqualTo(DATA))
            .withQueryParam("startdate", equalTo("2010-01-01T00:00:00"))
            .withQueryParam("enddate", equalTo("2010-12-31T23:59:59")));
    assertEquals(4, (Integer) field(id, "records"));
  }

  @Test
  void anUnknownJobIsNotFound() {
    io.restassured.RestAssured.given()
        .get("/fetches/00000000-0000-0000-0000-000000000000")
        .then()
        .statusCode(404);
  }
}
