package dev.precip.maintenance.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.maintenance.repository.RunHistoryRepository;
import dev.precip.maintenance.service.MaintenanceRun;
import dev.precip.maintenance.service.MaintenanceService;
import dev.precip.maintenance.service.Pass;
import dev.precip.maintenance.service.RunOutcome;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MaintenanceResourceTest {

  private static final String OPERATOR = "operator";
  private static final String PASSWORD = "operator-local";

  @InjectMock MaintenanceService maintenance;
  @InjectMock RunHistoryRepository history;

  private static MaintenanceRun run(long id, Pass pass, RunOutcome outcome, String skipped) {
    Instant now = Instant.parse("2026-11-27T01:00:00Z");
    return new MaintenanceRun(
        id, pass, "rest", null, "host/1", now, now, outcome, skipped, List.of());
  }

  @Test
  void triggeringNeedsTheOperatorRole() {
    given().when().post("/maintenance/runs").then().statusCode(401);
    verify(maintenance, never()).run(eq(Pass.FULL), anyString());
  }

  @Test
  void aReaderCannotTrigger() {
    given()
        .auth()
        .preemptive()
        .basic("reader", "reader-local")
        .when()
        .post("/maintenance/runs")
        .then()
        .statusCode(403);
    verify(maintenance, never()).run(eq(Pass.FULL), anyString());
  }

  @Test
  void aTriggeredRunIsTheFullPassByDefault() {
    when(maintenance.run(Pass.FULL, "rest"))
        .thenReturn(run(3, Pass.FULL, RunOutcome.SUCCEEDED, null));
    given()
        .auth()
        .basic(OPERATOR, PASSWORD)
        .when()
        .post("/maintenance/runs")
        .then()
        .statusCode(200)
        .body("id", equalTo(3))
        .body("pass", equalTo("FULL"))
        .body("outcome", equalTo("SUCCEEDED"));
  }

  @Test
  void aSkippedRunIsAConflictThatSaysWhy() {
    when(maintenance.run(Pass.LIGHT, "rest"))
        .thenReturn(
            run(4, Pass.LIGHT, RunOutcome.SKIPPED, "another maintenance run holds the lock"));
    given()
        .auth()
        .basic(OPERATOR, PASSWORD)
        .queryParam("pass", "light")
        .when()
        .post("/maintenance/runs")
        .then()
        .statusCode(409)
        .body("skippedBecause", equalTo("another maintenance run holds the lock"));
  }

  @Test
  void aRunWithAFailedStepIsABadGateway() {
    when(maintenance.run(Pass.FULL, "rest")).thenReturn(run(5, Pass.FULL, RunOutcome.FAILED, null));
    given()
        .auth()
        .basic(OPERATOR, PASSWORD)
        .when()
        .post("/maintenance/runs")
        .then()
        .statusCode(502)
        .body("outcome", equalTo("FAILED"));
  }

  @Test
  void anUnknownPassIsABadRequestNamingTheChoices() {
    given()
        .auth()
        .basic(OPERATOR, PASSWORD)
        .queryParam("pass", "heavy")
        .when()
        .post("/maintenance/runs")
        .then()
        .statusCode(400)
        .body(containsString("pass must be one of [light, full], not 'heavy'"));
  }

  @Test
  void theHistoryIsReadableWithoutCredentials() throws Exception {
    when(history.recent(2))
        .thenReturn(
            List.of(
                run(9, Pass.LIGHT, RunOutcome.SUCCEEDED, null),
                run(8, Pass.FULL, RunOutcome.FAILED, null)));
    given()
        .queryParam("limit", 2)
        .when()
        .get("/maintenance/runs")
        .then()
        .statusCode(200)
        .body("id", equalTo(List.of(9, 8)));
  }

  @Test
  void anUnknownRunIsNotFound() throws Exception {
    when(history.find(42)).thenReturn(Optional.empty());
    given().when().get("/maintenance/runs/42").then().statusCode(404);
  }

  @Test
  void aHistoryLimitOutOfRangeIsABadRequest() {
    given().queryParam("limit", 0).when().get("/maintenance/runs").then().statusCode(400);
  }
}
