package dev.precip.noaa.offline.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CdoDataResourceTest {

  private static final String PATH = "/cdo-web/api/v2/data";

  @Test
  void aRequestWithoutTokenIsRefused() {
    given()
        .queryParam("datasetid", "PRECIP_15")
        .queryParam("startdate", "2010-05-01")
        .queryParam("enddate", "2010-05-31")
        .get(PATH)
        .then()
        .statusCode(400)
        .body("message", equalTo("Token parameter is required."));
  }

  @Test
  void pagesCarryTheResultsetAndOffsetsStartAtOne() {
    given()
        .header("token", "offline-token")
        .queryParam("datasetid", "PRECIP_15")
        .queryParam("startdate", "2010-05-01")
        .queryParam("enddate", "2010-05-02")
        .queryParam("limit", 5)
        .get(PATH)
        .then()
        .statusCode(200)
        .body("metadata.resultset.offset", equalTo(1))
        .body("metadata.resultset.limit", equalTo(5))
        .body("results", hasSize(5));
  }

  @Test
  void anEmptyResultIsTheEmptyObject() {
    given()
        .header("token", "offline-token")
        .queryParam("datasetid", "PRECIP_15")
        .queryParam("startdate", "2010-05-01")
        .queryParam("enddate", "2010-05-31")
        .queryParam("stationid", "COOP:999999")
        .get(PATH)
        .then()
        .statusCode(200)
        .body(equalTo("{}"));
  }

  @Test
  void anOffsetPastTheEndIsTheEmptyObject() {
    given()
        .header("token", "offline-token")
        .queryParam("datasetid", "PRECIP_15")
        .queryParam("startdate", "2010-05-01")
        .queryParam("enddate", "2010-05-01")
        .queryParam("offset", 100000)
        .get(PATH)
        .then()
        .statusCode(200)
        .body(equalTo("{}"));
  }

  @Test
  void aWindowOfAYearOrMoreIsRefusedWithNoaasMessage() {
    given()
        .header("token", "offline-token")
        .queryParam("datasetid", "PRECIP_15")
        .queryParam("startdate", "2010-01-01")
        .queryParam("enddate", "2011-01-01")
        .get(PATH)
        .then()
        .statusCode(400)
        .body("developerMessage", equalTo("The date range must be less than 1 year."));
  }

  @Test
  void aLimitAbove1000IsRefused() {
    given()
        .header("token", "offline-token")
        .queryParam("datasetid", "PRECIP_15")
        .queryParam("startdate", "2010-05-01")
        .queryParam("enddate", "2010-05-31")
        .queryParam("limit", 1001)
        .get(PATH)
        .then()
        .statusCode(400)
        .body("statusCode", equalTo("400"));
  }
}
