package dev.precip.fetcher.rest;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With the read policy set to {@code reader}, reading jobs needs credentials; probes do not. */
@QuarkusTest
@TestProfile(ReadersOnlyProfile.class)
class ReadPolicyTest {

  @Test
  void anAnonymousReadIsUnauthorized() {
    given().get("/fetches/not-a-job").then().statusCode(401);
  }

  @Test
  void aReaderMayRead() {
    given()
        .auth()
        .preemptive()
        .basic("reader", "reader-local")
        .get("/fetches/not-a-job")
        .then()
        .statusCode(404);
  }

  @Test
  void anOperatorMayRead() {
    given()
        .auth()
        .preemptive()
        .basic("operator", "operator-local")
        .get("/fetches/not-a-job")
        .then()
        .statusCode(404);
  }

  @Test
  void healthAndMetricsStayOpen() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
  }
}
