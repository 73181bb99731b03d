package dev.precip.fetcher.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.precip.fetcher.InjectWireMock;
import dev.precip.fetcher.WireMockNoaa;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WireMockNoaa.class, restrictToAnnotatedClass = true)
class NoaaClientTest {

  private static final String DATA = "/cdo-web/api/v2/data";
  private static final String PAGE =
      "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":1,\"limit\":1000}},\"results\":[{}]}";

  @InjectWireMock WireMockServer wireMock;
  @Inject NoaaClient client;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
  }

  private static PageRequest request() {
    return request(1);
  }

  private static PageRequest request(int offset) {
    return Requests.may2010(1000, offset);
  }

  @Test
  void sendsTheTokenHeaderAndTheParameters() throws Exception {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(PAGE)));
    client.fetch(request(), new RequestTally());
    wireMock.verify(
        getRequestedFor(urlPathEqualTo(DATA))
            .withHeader("token", equalTo(WireMockNoaa.TOKEN))
            .withQueryParam("datasetid", equalTo("PRECIP_15"))
            .withQueryParam("limit", equalTo("1000"))
            .withQueryParam("offset", equalTo("1")));
  }

  @Test
  void aRateLimitIsRetriedUntilItPasses() throws Exception {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .inScenario("429")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"status\" : \"429\", \"message\" : \"This token has reached its temporary request limit of 5 per second.\"}"))
            .willSetStateTo("ok"));
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .inScenario("429")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(PAGE)));

    assertEquals(1, client.fetch(request(), new RequestTally()).count());
    wireMock.verify(2, getRequestedFor(urlPathEqualTo(DATA)));
  }

  private void firstThenPage(
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(first)
            .willSetStateTo("ok"));
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody(PAGE)));
  }

  @Test
  void anEmptyAnswerInsideAnAnnouncedCountIsRetried() throws Exception {
    firstThenPage(aResponse().withStatus(200).withBody("{}"));
    RequestTally tally = new RequestTally();
    assertEquals(1, client.fetch(request(1001), tally).count());
    assertEquals(2, tally.requests());
  }

  @Test
  void anEmptyAnswerForTheFirstPageIsAnEmptyWindow() throws Exception {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody("{}")));
    assertEquals(0, client.fetch(request(1), new RequestTally()).count());
    wireMock.verify(1, getRequestedFor(urlPathEqualTo(DATA)));
  }

  @Test
  void anHtmlPageWithStatus200IsRetried() throws Exception {
    firstThenPage(
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "text/html")
            .withBody("<html><body>Scheduled maintenance</body></html>"));
    assertEquals(1, client.fetch(request(), new RequestTally()).count());
    wireMock.verify(2, getRequestedFor(urlPathEqualTo(DATA)));
  }

  @Test
  void anAnswerSlowerThanTheTimeoutIsRetried() throws Exception {
    firstThenPage(aResponse().withStatus(200).withBody(PAGE).withFixedDelay(2500));
    assertEquals(1, client.fetch(request(), new RequestTally()).count());
    wireMock.verify(2, getRequestedFor(urlPathEqualTo(DATA)));
  }

  @Test
  void aServerErrorStormBeyondTheRetryBudgetFailsAfterFiveAttempts() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .willReturn(aResponse().withStatus(500).withBody(WireMockNoaa.SERVER_ERROR)));
    RequestTally tally = new RequestTally();
    NoaaTransientException e =
        assertThrows(NoaaTransientException.class, () -> client.fetch(request(), tally));
    assertEquals(500, e.status());
    wireMock.verify(5, getRequestedFor(urlPathEqualTo(DATA)));
    assertEquals(5, tally.requests());
    assertEquals(4, tally.retries());
  }

  @Test
  void aBadRequestIsNotRetried() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .willReturn(aResponse().withStatus(400).withBody(WireMockNoaa.BAD_DATE_RANGE)));
    NoaaRejectedException e =
        assertThrows(
            NoaaRejectedException.class, () -> client.fetch(request(), new RequestTally()));
    assertEquals("The date range must be less than 1 year.", e.getMessage());
    wireMock.verify(1, getRequestedFor(urlPathEqualTo(DATA)));
  }

  @Test
  void anAnswerOverTheByteLimitIsRefusedWithoutARetry() {
    String huge =
        "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":1,\"limit\":1000}},"
            + "\"results\":[{\"attributes\":\""
            + "x".repeat(1_100_000)
            + "\"}]}";
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(huge)));
    PageRefusedException e =
        assertThrows(PageRefusedException.class, () -> client.fetch(request(), new RequestTally()));
    assertTrue(e.getMessage().contains("fetcher.noaa.max-page-bytes"), e.getMessage());
    wireMock.verify(1, getRequestedFor(urlPathEqualTo(DATA)));
  }

  @Test
  void moreResultsThanTheLimitAllowsAreRefused() {
    String two =
        "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":2,\"limit\":1}},"
            + "\"results\":[{},{}]}";
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(two)));
    PageRequest oneResult = Requests.may2010(1, 1);
    PageRefusedException e =
        assertThrows(PageRefusedException.class, () -> client.fetch(oneResult, new RequestTally()));
    assertEquals("2 results where the request allowed 1", e.getMessage());
  }

  @Test
  void bytesThatAreNotUtf8ReachThePageAsReplacementCharacters() throws Exception {
    byte[] head =
        "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":1,\"limit\":1000}},\"results\":[{\"station\":\"COOP:"
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}]}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xFF;
    body[head.length + 1] = (byte) 0xFE;
    System.arraycopy(tail, 0, body, head.length + 2, tail.length);
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(body)));
    NoaaPage page = client.fetch(request(), new RequestTally());
    assertTrue(page.body().contains("COOP:\uFFFD\uFFFD"), page.body());
  }
}
