package dev.precip.fetcher.jobs;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.contracts.PageIdentity;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Message;

/** CDO pages as WireMock answers them, and the job API as tests drive it. */
final class Pages {

  static final String DATA = "/cdo-web/api/v2/data";

  private Pages() {}

  static String page(int offset, int count, int items) {
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

  /** Starts a job as the operator; returns its id. */
  static String start(String startDate, String endDate) {
    return given()
        .auth()
        .preemptive()
        .basic("operator", "operator-local")
        .contentType("application/json")
        .body("{\"startDate\":\"" + startDate + "\",\"endDate\":\"" + endDate + "\"}")
        .post("/fetches")
        .then()
        .statusCode(202)
        .extract()
        .path("id");
  }

  static void awaitState(String id, String state, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> given().get("/fetches/" + id).then().extract().path("state"), state::equals);
  }

  static <T> T field(String id, String path) {
    return given().get("/fetches/" + id).then().statusCode(200).extract().path(path);
  }

  static PageIdentity identity(Message<String> message) {
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
