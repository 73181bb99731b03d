package dev.precip.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Carries out a {@link ChaosPlan}, one fault after another: a killed service is started again and
 * waited for before the next fault, a stopped stack component is brought back with {@code stack.sh
 * up}. Keeps what it did, with times, for the test's report.
 */
final class ChaosController {

  private static final Logger LOG = Logger.getLogger(ChaosController.class);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final Map<String, ServiceProcess> services;
  private final Callable<String> progress;
  private final List<String> done = new ArrayList<>();

  /**
   * @param services the processes a plan may kill, by the names its faults use
   * @param progress describes how far the data has come, logged with each fault so that the log
   *     shows which moment of the flow each fault hit
   */
  ChaosController(Map<String, ServiceProcess> services, Callable<String> progress) {
    this.services = Map.copyOf(services);
    this.progress = progress;
  }

  void carryOut(ChaosPlan plan) throws Exception {
    LOG.infof("chaos plan (seed %d): %s", plan.seed(), plan.faults());
    for (ChaosPlan.Fault fault : plan.faults()) {
      Thread.sleep(fault.after().toMillis());
      long startedAt = System.nanoTime();
      switch (fault.kind()) {
        case KILL -> {
          ServiceProcess victim = services.get(fault.victim());
          if (victim == null) {
            throw new IllegalArgumentException("the plan kills an unknown service: " + fault);
          }
          victim.kill();
          Thread.sleep(fault.down().toMillis());
          victim.start();
          victim.awaitReady(READY_TIMEOUT);
        }
        case RESTART -> {
          Stack.stop(fault.victim());
          Thread.sleep(fault.down().toMillis());
          Stack.up();
        }
      }
      long backAfterMs = Duration.ofNanos(System.nanoTime() - startedAt).toMillis();
      // measured first, so that the time shown is when the flow was where it says
      String progressNow = describeProgress();
      String line =
          Instant.now()
              + " "
              + fault.kind()
              + " "
              + fault.victim()
              + ", back after "
              + backAfterMs
              + " ms; "
              + progressNow;
      LOG.info("chaos: " + line);
      done.add(line);
    }
  }

  private String describeProgress() {
    try {
      return progress.call();
    } catch (Exception e) {
      return "progress unknown: " + e.getMessage();
    }
  }

  /** What was done so far, one line per fault. */
  List<String> done() {
    return List.copyOf(done);
  }
}
