package dev.precip.normalizer.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReplayResourceTest {

  @Test
  void aReplayNeedsTheOperatorRole() {
    given()
        .contentType("application/json")
        .body("{\"from\":\"beginning\"}")
        .post("/replay")
        .then()
        .statusCode(401);
  }

  @Test
  void aReaderCannotStartAReplay() {
    given()
        .auth()
        .preemptive()
        .basic("reader", "reader-local")
        .contentType("application/json")
        .body("{\"from\":\"beginning\"}")
        .post("/replay")
        .then()
        .statusCode(403);
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
    given()
        .auth()
        .preemptive()
        .basic("operator", "operator-local")
        .contentType("application/json")
        .body("{\"from\":\"" + "9".repeat(70 * 1024) + "\"}")
        .post("/replay")
        .then()
        .statusCode(413);
  }

  @Test
  void aReplayFromSomethingThatIsNotATimeIsABadRequest() {
    given()
        .auth()
        .preemptive()
        .basic("operator", "operator-local")
        .contentType("application/json")
        .body("{\"from\":\"yesterday'; DROP TABLE t;--\"}")
        .post("/replay")
        .then()
        .statusCode(400);
  }

  @Test
  void theStatusSaysNoRequestYet() {
    given().get("/replay").then().statusCode(200).body("pending", equalTo(false));
  }
}
