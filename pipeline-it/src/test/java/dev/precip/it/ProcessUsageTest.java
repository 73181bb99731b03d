package dev.precip.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A process's CPU time includes the work its children do, as PostgreSQL's backends do it. */
class ProcessUsageTest {

  private static final String SPIN = "sh -c 'while :; do :; done'";

  @Test
  void countsTheCpuOfAChildStillRunning() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", SPIN + " & wait").start();
    try {
      Thread.sleep(1_500);
      double cpu = ProcessUsage.of(parent.pid()).cpuSeconds();
      assertTrue(cpu >= 0.2, "the spinning child's CPU is counted: " + cpu + " s");
    } finally {
      stop(parent);
    }
  }

  @Test
  void keepsTheCpuOfAChildThatEnded() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "timeout 1 " + SPIN + "; sleep 30").start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      // the spinning child has ended once the parent has moved on to its sleep
      while (parent.descendants().noneMatch(p -> p.info().command().orElse("").endsWith("sleep"))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      double cpu = ProcessUsage.of(parent.pid()).cpuSeconds();
      assertTrue(cpu >= 0.2, "the ended child's CPU stays with its parent: " + cpu + " s");
    } finally {
      stop(parent);
    }
  }

  private static void stop(Process parent) {
    parent.descendants().forEach(ProcessHandle::destroyForcibly);
    parent.destroyForcibly();
  }
}
