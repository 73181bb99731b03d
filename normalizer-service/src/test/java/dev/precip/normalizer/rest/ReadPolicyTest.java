package dev.precip.normalizer.rest;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With the read policy set to {@code reader}, the replay status needs credentials; probes not. */
@QuarkusTest
@TestProfile(ReadersOnlyProfile.class)
class ReadPolicyTest {

  @Test
  void anAnonymousReadIsUnauthorized() {
    given().get("/replay").then().statusCode(401);
  }

  @Test
  void aReaderMayRead() {
    given()
        .auth()
        .preemptive()
        .basic("reader", "reader-local")
        .get("/replay")
        .then()
        .statusCode(200);
  }

  @Test
  void healthStaysOpen() {
    given().get("/q/health/live").then().statusCode(200);
  }
}
