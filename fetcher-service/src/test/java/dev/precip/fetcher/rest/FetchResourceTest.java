package dev.precip.fetcher.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precip.contracts.PageIdentity;
import dev.precip.fetcher.InjectWireMock;
import dev.precip.fetcher.WireMockNoaa;
import dev.precip.fetcher.messaging.RawPagePublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = WireMockNoaa.class, restrictToAnnotatedClass = true)
class FetchResourceTest {

  private static final String DATA = "/cdo-web/api/v2/data";

  @InjectWireMock WireMockServer wireMock;
  @Inject @Any InMemoryConnector connector;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
    connector.sink(RawPagePublisher.PAGES_OUT).clear();
  }

  private static String page(int offset, int count, int items) {
    StringBuilder results = new StringBuilder();
    for (int i = 0; i < items; i++) {
      results.append(i == 0 ? "" : ",").append("{}");
    }
    return "{\"metadata\":{\"resultset\":{\"offset\":"
        + offset
        + ",\"count\":"
        + count
        + ",\"limit\":1000}},\"results\":["
        + results
        + "]}";
  }

  @Test
  void startingAFetchNeedsTheOperatorRole() {
    given()
        .contentType("application/json")
        .body("{\"startDate\":\"2010-05-01\",\"endDate\":\"2010-05-31\"}")
        .post("/fetches")
        .then()
        .statusCode(401);
  }

  @Test
  void anInvalidRangeIsABadRequest() {
    given()
        .auth()
        .preemptive()
        .basic("operator", "operator-local")
        .contentType("application/json")
        .body("{\"startDate\":\"2010-05-31\",\"endDate\":\"2010-05-01\"}")
        .post("/fetches")
        .then()
        .statusCode(400);
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
    InMemorySink<String> pages = connector.sink(RawPagePublisher.PAGES_OUT);

    String id = startMayFetch();

    awaitState(id, "SUCCEEDED");
    assertEquals(2, pages.received().size());
    List<Integer> offsets =
        pages.received().stream()
            .map(FetchResourceTest::identity)
            .map(PageIdentity::offset)
            .toList();
    assertEquals(List.of(1, 1001), offsets);
    assertEquals(2000, (Integer) given().get("/fetches/" + id).then().extract().path("records"));
    assertEquals(2, (Integer) given().get("/fetches/" + id).then().extract().path("requests"));
  }

  @Test
  void anEmptyWindowPublishesNothingAndSucceeds() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody("{}")));
    String id = startMayFetch();
    awaitState(id, "SUCCEEDED");
    assertEquals(0, connector.sink(RawPagePublisher.PAGES_OUT).received().size());
  }

  @Test
  void aRejectedWindowFailsTheJobWithNoaasMessage() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"statusCode\":\"400\",\"userMessage\":\"There was an error with the request.\",\"developerMessage\":\"The date range must be less than 1 year.\"}")));
    String id = startMayFetch();
    awaitState(id, "FAILED");
    String error = given().get("/fetches/" + id).then().extract().path("errors[0]");
    assertTrue(error.endsWith("rejected by NOAA: The date range must be less than 1 year."), error);
  }

  private static String startMayFetch() {
    return given()
        .auth()
        .preemptive()
        .basic("operator", "operator-local")
        .contentType("application/json")
        .body("{\"startDate\":\"2010-05-01\",\"endDate\":\"2010-05-31\"}")
        .post("/fetches")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  private static void awaitState(String id, String state) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> given().get("/fetches/" + id).then().extract().path("state"), state::equals);
  }

  private static PageIdentity identity(Message<String> message) {
    @SuppressWarnings("unchecked")
    OutgoingKafkaRecordMetadata<String> metadata =
        message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
    PageIdentity page = PageIdentity.parse(metadata.getKey());
    String header =
        new String(metadata.getHeaders().lastHeader("noaa-offset").value(), StandardCharsets.UTF_8);
    assertEquals(Integer.toString(page.offset()), header);
    return page;
  }
}
