package dev.precip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {

  private static final List<String> STAGES = List.of("a", "b", "c", "d", "e");
  private static final List<String> INFRA = List.of("kafka", "trino");

  private static ChaosPlan plan(long seed) {
    return ChaosPlan.draw(seed, STAGES, 12, INFRA, Duration.ofSeconds(3), Duration.ofSeconds(9));
  }

  @Test
  void theSameSeedAlwaysGivesTheSamePlan() {
    assertEquals(plan(42), plan(42));
  }

  @Test
  void anotherSeedGivesAnotherPlan() {
    assertNotEquals(plan(42).faults(), plan(43).faults());
  }

  @Test
  void everyServiceIsKilledAtLeastOnceAndTheKillsAreAsMany() {
    for (long seed = 0; seed < 50; seed++) {
      ChaosPlan plan = plan(seed);
      assertEquals(12, plan.kills());
      for (String stage : STAGES) {
        assertTrue(
            plan.faults().stream()
                .anyMatch(f -> f.kind() == ChaosPlan.Kind.KILL && f.victim().equals(stage)),
            stage + " never killed with seed " + seed);
      }
    }
  }

  @Test
  void eachComponentRestartsOnceAndNeverFirst() {
    for (long seed = 0; seed < 50; seed++) {
      List<ChaosPlan.Fault> faults = plan(seed).faults();
      assertEquals(ChaosPlan.Kind.KILL, faults.get(0).kind());
      for (String component : INFRA) {
        assertEquals(
            1,
            faults.stream()
                .filter(f -> f.kind() == ChaosPlan.Kind.RESTART && f.victim().equals(component))
                .count(),
            component + " with seed " + seed);
      }
    }
  }

  @Test
  void gapsStayWithinTheirBounds() {
    for (ChaosPlan.Fault f : plan(7).faults()) {
      assertTrue(f.after().compareTo(Duration.ofSeconds(3)) >= 0, f.toString());
      assertTrue(f.after().compareTo(Duration.ofSeconds(9)) <= 0, f.toString());
    }
  }
}
