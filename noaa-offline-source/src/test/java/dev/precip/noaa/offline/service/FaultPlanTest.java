package dev.precip.noaa.offline.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void theSameSeedRequestAndAttemptAlwaysMeetTheSameFault() {
    FaultShares faults = FaultShares.serverErrors(42, 0.5);
    for (int attempt = 0; attempt < 20; attempt++) {
      assertEquals(FaultPlan.decide(faults, "q", attempt), FaultPlan.decide(faults, "q", attempt));
    }
  }

  @Test
  void noShareMeansNoFault() {
    for (int i = 0; i < 1000; i++) {
      assertEquals(Fault.NONE, FaultPlan.decide(FaultShares.serverErrors(1, 0), "q" + i, 0));
    }
  }

  @Test
  void aFullShareFailsEveryAttempt() {
    for (int i = 0; i < 1000; i++) {
      assertEquals(Fault.SERVER_ERROR, FaultPlan.decide(FaultShares.serverErrors(1, 1), "q", i));
    }
  }

  @Test
  void theShareOfFaultsIsNearTheConfiguredShare() {
    int faults = 0;
    for (int i = 0; i < 10_000; i++) {
      if (FaultPlan.decide(FaultShares.serverErrors(7, 0.3), "request-" + i, 0)
          == Fault.SERVER_ERROR) {
        faults++;
      }
    }
    assertTrue(faults > 2700 && faults < 3300, "faults: " + faults);
  }

  @Test
  void aRetriedRequestDrawsAgain() {
    FaultShares faults = FaultShares.serverErrors(3, 0.5);
    boolean sawBoth = false;
    for (int i = 0; i < 50 && !sawBoth; i++) {
      sawBoth = FaultPlan.decide(faults, "r" + i, 0) != FaultPlan.decide(faults, "r" + i, 1);
    }
    assertTrue(sawBoth);
  }
}
