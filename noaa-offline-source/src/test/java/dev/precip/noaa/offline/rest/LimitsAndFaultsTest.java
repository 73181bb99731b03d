package dev.precip.noaa.offline.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LimitsAndFaultsTest.OneRequestPerSecondAndHtmlForOneToken.class)
class LimitsAndFaultsTest {

  /** Token {@code limited} meets the rate limit; token {@code html} meets maintenance pages. */
  public static class OneRequestPerSecondAndHtmlForOneToken implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "noaa-offline.tokens", "limited,html",
          "noaa-offline.requests-per-second", "1",
          "noaa-offline.faults.html", "1");
    }
  }

  private static RequestSpecification month(String token) {
    return given()
        .header("token", token)
        .queryParam("datasetid", "PRECIP_15")
        .queryParam("startdate", "2010-05-01")
        .queryParam("enddate", "2010-05-31");
  }

  @Test
  void aSecondRequestWithinTheSecondGetsNoaas429() {
    month("limited").get("/cdo-web/api/v2/data");
    month("limited")
        .get("/cdo-web/api/v2/data")
        .then()
        .statusCode(429)
        .body("status", equalTo("429"))
        .body(
            "message",
            equalTo("This token has reached its temporary request limit of 1 per second."));
  }

  @Test
  void anInjectedMaintenancePageComesWithStatus200() {
    month("html")
        .get("/cdo-web/api/v2/data")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("Scheduled maintenance"));
  }
}
