package dev.precip.fetcher.rest;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** What the API refuses before it touches the job store. */
@QuarkusTest
class FetchResourceTest {

  private static final String MAY_2010 = "{\"startDate\":\"2010-05-01\",\"endDate\":\"2010-05-31\"";

  private static RequestSpecification as(String user, String password) {
    return given().auth().preemptive().basic(user, password).contentType("application/json");
  }

  @Test
  void startingAFetchNeedsTheOperatorRole() {
    given()
        .contentType("application/json")
        .body(MAY_2010 + "}")
        .post("/fetches")
        .then()
        .statusCode(401);
  }

  @Test
  void aReaderCannotStartAFetch() {
    as("reader", "reader-local").body(MAY_2010 + "}").post("/fetches").then().statusCode(403);
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
    String padding = "x".repeat(70 * 1024);
    as("operator", "operator-local")
        .body(MAY_2010 + ",\"pad\":\"" + padding + "\"}")
        .post("/fetches")
        .then()
        .statusCode(413);
  }

  @Test
  void readingAJobIsOpenByDefault() {
    given().get("/fetches/not-a-job").then().statusCode(404);
  }

  @Test
  void anInvalidRangeIsABadRequest() {
    as("operator", "operator-local")
        .body("{\"startDate\":\"2010-05-31\",\"endDate\":\"2010-05-01\"}")
        .post("/fetches")
        .then()
        .statusCode(400);
  }

  @Test
  void aStationIdThatIsNoNoaaIdIsABadRequest() {
    as("operator", "operator-local")
        .body(MAY_2010 + ",\"stationIds\":[\"COOP:1' OR '1'='1\"]}")
        .post("/fetches")
        .then()
        .statusCode(400);
  }
}
