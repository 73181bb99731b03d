package dev.precip.maintenance.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.maintenance.service.Pass;
import dev.precip.maintenance.service.RunOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run history's tick claims on the real PostgreSQL of the local stack, migrated by Flyway as
 * the service does. Each test uses a tick of its own, long past, and ends the runs it starts as
 * succeeded (the health check reads the newest ended run).
 */
@QuarkusTest
@TestProfile(RunHistoryRepositoryIT.Migrated.class)
class RunHistoryRepositoryIT {

  public static class Migrated implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.flyway.migrate-at-start", "true");
    }
  }

  @Inject RunHistoryRepository history;

  private final Instant tick =
      Instant.parse("2001-01-01T00:00:00Z")
          .plus(ThreadLocalRandom.current().nextLong(500_000_000L), ChronoUnit.SECONDS);
  private final Instant now = Instant.now();

  @AfterEach
  void endOurRuns() throws Exception {
    for (var run : history.recent(50)) {
      if (run.outcome() == RunOutcome.RUNNING && tick.equals(run.scheduledFor())) {
        history.finished(run.id(), Instant.now(), RunOutcome.SUCCEEDED, List.of());
      }
    }
  }

  @Test
  void aTickIsClaimedByOneRunOnly() throws Exception {
    OptionalLong first = history.started(Pass.LIGHT, "schedule", tick, "host/1", now);
    OptionalLong second = history.started(Pass.LIGHT, "schedule", tick, "host/2", now);
    assertTrue(first.isPresent());
    assertEquals(OptionalLong.empty(), second);
  }

  @Test
  void aFinishedRunStillHoldsItsTick() throws Exception {
    long id = history.started(Pass.LIGHT, "schedule", tick, "host/1", now).orElseThrow();
    history.finished(id, Instant.now(), RunOutcome.SUCCEEDED, List.of());
    assertEquals(
        OptionalLong.empty(), history.started(Pass.LIGHT, "schedule", tick, "host/2", now));
  }

  @Test
  void aSkippedRunDoesNotHoldItsTick() throws Exception {
    history.skipped(Pass.LIGHT, "schedule", tick, "host/2", now, "another run holds the lock");
    assertTrue(history.started(Pass.LIGHT, "schedule", tick, "host/1", now).isPresent());
  }

  @Test
  void theOtherPassOnTheSameTickIsItsOwnClaim() throws Exception {
    assertTrue(history.started(Pass.LIGHT, "schedule", tick, "host/1", now).isPresent());
    assertTrue(history.started(Pass.FULL, "schedule", tick, "host/1", now).isPresent());
  }

  @Test
  void runsTriggeredByHandNeverConflict() throws Exception {
    long a = history.started(Pass.FULL, "rest", null, "host/1", now).orElseThrow();
    long b = history.started(Pass.FULL, "rest", null, "host/2", now).orElseThrow();
    history.finished(a, Instant.now(), RunOutcome.SUCCEEDED, List.of());
    history.finished(b, Instant.now(), RunOutcome.SUCCEEDED, List.of());
    assertTrue(a != b);
  }
}
