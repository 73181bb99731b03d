package dev.precip.maintenance.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.precip.maintenance.repository.RunHistoryRepository;
import dev.precip.maintenance.service.MaintenanceRun;
import dev.precip.maintenance.service.Pass;
import dev.precip.maintenance.service.RunOutcome;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class LastRunWellnessTest {

  private final RunHistoryRepository history = mock(RunHistoryRepository.class);
  private final LastRunWellness wellness = new LastRunWellness(history);

  private static MaintenanceRun ended(RunOutcome outcome) {
    Instant now = Instant.parse("2026-11-27T02:00:00Z");
    return new MaintenanceRun(
        12, Pass.FULL, "schedule", now, "host/1", now, now, outcome, null, List.of());
  }

  @Test
  void aFailedLastRunDegradesTheService() throws Exception {
    when(history.lastEnded()).thenReturn(Optional.of(ended(RunOutcome.FAILED)));
    HealthCheckResponse response = wellness.call();
    assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
    assertEquals("FAILED", response.getData().orElseThrow().get("outcome"));
  }

  @Test
  void aSucceededLastRunIsUp() throws Exception {
    when(history.lastEnded()).thenReturn(Optional.of(ended(RunOutcome.SUCCEEDED)));
    assertEquals(HealthCheckResponse.Status.UP, wellness.call().getStatus());
  }

  @Test
  void noRunYetIsUp() throws Exception {
    when(history.lastEnded()).thenReturn(Optional.empty());
    assertEquals(HealthCheckResponse.Status.UP, wellness.call().getStatus());
  }

  @Test
  void anUnreadableHistoryIsDownAndSaysWhy() throws Exception {
    when(history.lastEnded()).thenThrow(new SQLException("Connection refused"));
    HealthCheckResponse response = wellness.call();
    assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
    assertEquals(
        "run history unreadable: Connection refused",
        response.getData().orElseThrow().get("error"));
  }
}
