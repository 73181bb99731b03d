package dev.precip.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A process's CPU time includes the work its children do, as PostgreSQL's backends do it. */
class ProcessUsageTest {

  /** A fixed amount of work (about 0.3 s of one core here), however busy the machine is. */
  private static final String WORK = "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done";

  /** Five times as much: more than this JVM's own work while it waits for it. */
  private static final String LONG_WORK = "i=0; while [ $i -lt 1500000 ]; do i=$((i+1)); done";

  @Test
  void countsTheCpuOfAChildStillRunning() throws Exception {
    Process parent =
        new ProcessBuilder("sh", "-c", "sh -c '" + WORK + "; sleep 30' & wait").start();
    try {
      awaitSleep(parent);
      double cpu = ProcessUsage.of(parent.pid()).cpuSeconds();
      assertTrue(cpu >= 0.1, "the child's CPU is counted: " + cpu + " s");
    } finally {
      stop(parent);
    }
  }

  @Test
  void keepsTheCpuOfAChildThatEnded() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sh -c '" + WORK + "'; sleep 30").start();
    try {
      awaitSleep(parent);
      double cpu = ProcessUsage.of(parent.pid()).cpuSeconds();
      assertTrue(cpu >= 0.1, "the ended child's CPU stays with its parent: " + cpu + " s");
    } finally {
      stop(parent);
    }
  }

  @Test
  void leavesOutTheChildrenOfThisJvm() throws Exception {
    double before = ProcessUsage.of(ProcessHandle.current().pid()).cpuSeconds();
    Process child = new ProcessBuilder("sh", "-c", LONG_WORK + "; sleep 30 & wait").start();
    try {
      awaitSleep(child);
      double childCpu = ProcessUsage.of(child.pid()).cpuSeconds();
      double own = ProcessUsage.of(ProcessHandle.current().pid()).cpuSeconds() - before;
      assertTrue(childCpu >= 0.5, "the child did its work: " + childCpu + " s");
      assertTrue(own < childCpu / 2, "this JVM " + own + " s, its child " + childCpu + " s");
    } finally {
      stop(child);
    }
  }

  /** Waits until the work is done: a {@code sleep} follows it. */
  private static void awaitSleep(Process parent) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (parent.descendants().noneMatch(p -> p.info().command().orElse("").endsWith("sleep"))) {
      assertTrue(System.nanoTime() < deadline, "the work did not finish within a minute");
      Thread.sleep(50);
    }
  }

  private static void stop(Process parent) {
    parent.descendants().forEach(ProcessHandle::destroyForcibly);
    parent.destroyForcibly();
  }
}
