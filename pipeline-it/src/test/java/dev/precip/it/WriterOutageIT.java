package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trino stopped for 30 s while the writer drains a backlog, then started again: the writer reports
 * not ready while it cannot write, stops consuming, and afterwards leaves every record exactly
 * once.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class WriterOutageIT {

  private static final Logger LOG = Logger.getLogger(WriterOutageIT.class);
  private static final int ROWS = 12_000;
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final int BATCH = 500;

  private WriterRun run;
  private ServiceProcess writer;

  @AfterEach
  void stop() throws Exception {
    // whatever happened, the next test finds the stack whole
    Stack.up();
    if (writer != null) {
      writer.close();
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  void withTrinoAwayForThirtySecondsTheWriterWaitsAndLosesAndDuplicatesNothing() throws Exception {
    run = new WriterRun("outage");
    run.produce(GeneratedRecords.first(ROWS));
    writer = run.writer(0);
    writer.start();
    writer.awaitReady(Duration.ofMinutes(2));
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(run::rows, n -> n >= ROWS / 4);

    Stack.stop("trino");
    long stoppedAt = System.nanoTime();
    await()
        .atMost(OUTAGE)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> readiness(writer) == 503);
    LOG.infof("writer not ready %d ms after Trino stopped", elapsedMs(stoppedAt));
    // by now the failing batch and the few polled behind it fill the consumer's queue
    Thread.sleep(Math.max(0, OUTAGE.toMillis() / 3 - elapsedMs(stoppedAt)));
    double consumedEarly = consumed(writer);
    Thread.sleep(Math.max(0, OUTAGE.toMillis() - elapsedMs(stoppedAt)));
    double consumedLate = consumed(writer);
    assertTrue(
        consumedLate - consumedEarly <= BATCH,
        "the writer kept consuming while it could not write: "
            + consumedEarly
            + " -> "
            + consumedLate);
    assertEquals(503, readiness(writer), "not ready while Trino is away");
    Stack.up();

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(() -> Topics.lag(run.group(), run.topic()), lag -> lag == 0);
    assertEquals(200, readiness(writer), "ready again");
    // one attempt may wait out the outage inside Trino's JDBC client, which retries an unreachable
    // coordinator for up to its `timeout` (2 min); how many attempts failed depends on that
    assertTrue(
        Http.metric(writer.uri("/q/metrics"), "writer_batch_retries_total") >= 1,
        "the failed statements were counted as retries");
    assertEquals(ROWS, run.rows(), "rows in the table");
    assertEquals(0, run.duplicateKeys(), "natural keys held twice");
    assertEquals(ROWS, run.distinctRecords(), "every record, by its lineage");
    assertEquals(0, Topics.total(run.dlq()), "nothing parked");
  }

  private static long elapsedMs(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toMillis();
  }

  /** Records the writer's consumer has taken from Kafka so far. */
  private static double consumed(ServiceProcess service) throws Exception {
    return Http.metric(
        service.uri("/q/metrics"), "kafka_consumer_fetch_manager_records_consumed_total");
  }

  private static int readiness(ServiceProcess service) throws Exception {
    return Http.status(service.uri("/q/health/ready"));
  }
}
