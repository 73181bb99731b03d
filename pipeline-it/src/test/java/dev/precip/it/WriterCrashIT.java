package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.contracts.PrecipRecord;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writers killed with SIGKILL at several moments while they drain a backlog (during a statement,
 * between a statement and its offsets, while idle between batches: wherever the seeded moments
 * fall), and started again each time, alone or next to a second instance, with every record sent
 * twice: the table ends with every record exactly once, checked with queries.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class WriterCrashIT {

  private static final Logger LOG = Logger.getLogger(WriterCrashIT.class);
  private static final int ROWS = 12_000;

  private WriterRun run;
  private ServiceProcess first;
  private ServiceProcess second;

  @AfterEach
  void stop() throws Exception {
    for (ServiceProcess writer : new ServiceProcess[] {first, second}) {
      if (writer != null) {
        writer.close();
      }
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  void killedAtSeveralMomentsTheWriterLeavesEveryRecordExactlyOnce() throws Exception {
    run = new WriterRun("crash");
    run.produce(GeneratedRecords.first(ROWS));
    first = run.writer(0);
    first.start();
    first.awaitReady(Duration.ofMinutes(2));

    killAndRestart(first, 3, new Random(42));

    assertEveryRecordOnce();
  }

  @Test
  void twoWritersOneKilledAndEveryRecordSentTwiceLeaveEachRecordOnce() throws Exception {
    run = new WriterRun("two");
    List<PrecipRecord> records = GeneratedRecords.first(ROWS);
    run.produce(records);
    first = run.writer(0);
    second = run.writer(1);
    first.start();
    second.start();
    first.awaitReady(Duration.ofMinutes(2));
    second.awaitReady(Duration.ofMinutes(2));

    killAndRestart(first, 1, new Random(7));
    // a replay: the same records again, at new offsets, while the first copies are still written
    run.produce(records);

    assertEveryRecordOnce();
    double bySecond = Http.metric(second.uri("/q/metrics"), "writer_rows_written_total");
    assertTrue(bySecond > 0 && bySecond < ROWS, "both instances wrote: " + bySecond);
  }

  /** Kills the writer {@code kills} times at evenly spaced row counts, restarting it each time. */
  private void killAndRestart(ServiceProcess writer, int kills, Random moments) throws Exception {
    for (int kill = 1; kill <= kills; kill++) {
      long target = (long) ROWS * kill / (kills + 1);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(run::rows, n -> n >= target);
      // somewhere inside the next statement or between statements
      Thread.sleep(moments.nextInt(900));
      long before = run.rows();
      writer.kill();
      LOG.infof("kill %d of %s at %d rows", kill, writer.name(), before);
      writer.start();
      writer.awaitReady(Duration.ofMinutes(2));
    }
  }

  private void assertEveryRecordOnce() throws Exception {
    // everything consumed and committed: a late duplicate would have been written by then
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> Topics.lag(run.group(), run.topic()), lag -> lag == 0);
    assertEquals(ROWS, run.rows(), "rows in the table");
    assertEquals(0, run.duplicateKeys(), "natural keys held twice");
    assertEquals(ROWS, run.distinctRecords(), "every record, by its lineage");
    assertEquals(0, Topics.total(run.dlq()), "nothing parked");
  }
}
