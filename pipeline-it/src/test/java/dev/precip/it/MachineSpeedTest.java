package dev.precip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The machine's speed is the CPU time of a fixed amount of work. */
class MachineSpeedTest {

  @Test
  void theWorkTakesMeasurableCpuTime() {
    double millis = MachineSpeed.workMillis();
    assertTrue(millis > 1 && millis < 60_000, "sorting 4 million numbers took " + millis + " ms");
  }

  @Test
  void theFigureSaysWhatWasMeasured() {
    assertEquals(
        "312 ms of CPU to sort 4 million numbers (lower is faster; measured with the services idle)",
        MachineSpeed.describe(312.4));
  }
}
