package dev.precip.fetcher.rest;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What the API refuses before it touches the job store. */
@QuarkusTest
class FetchResourceTest {

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
  void aStationIdThatIsNoNoaaIdIsABadRequest() {
    given()
        .auth()
        .preemptive()
        .basic("operator", "operator-local")
        .contentType("application/json")
        .body(
            "{\"startDate\":\"2010-05-01\",\"endDate\":\"2010-05-31\","
                + "\"stationIds\":[\"COOP:1' OR '1'='1\"]}")
        .post("/fetches")
        .then()
        .statusCode(400);
  }

  @Test
  void aJobIdThatIsNoUuidIsNotFound() {
    given().get("/fetches/not-a-job").then().statusCode(404);
  }
}
