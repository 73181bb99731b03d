package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Full maintenance runs, one after another, while records keep arriving and the writer keeps
 * committing them into the same table: optimize, manifests, expiry and orphan removal commit
 * between the writer's commits, and afterwards every record is there exactly once, nothing was
 * parked, and every run succeeded. The records arrive at a steady pace for as long as the runs go
 * on, so that the writer is still committing however fast it drains (a backlog produced up front
 * was gone before the first run ended once the writer claimed its keys ahead).
 */
@ExtendWith(ServiceLogsOnFailure.class)
class MaintenanceWhileWritingIT {

  private static final Logger LOG = Logger.getLogger(MaintenanceWhileWritingIT.class);
  private static final int MOST_ROWS = 200_000;
  private static final int SLICE = 2_000;
  private static final Duration PACE = Duration.ofSeconds(1);
  private static final int RUNS_WHILE_WRITING = 3;

  private SteadyFeed feed;
  private WriterRun run;
  private ServiceProcess writer;
  private ServiceProcess maintenance;

  @AfterEach
  void stop() throws Exception {
    if (feed != null) {
      feed.close();
    }
    if (maintenance != null) {
      maintenance.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  void maintenanceBetweenTheWritersCommitsLosesNothingAndFailsNoWrite() throws Exception {
    run = new WriterRun("maintwrite");
    writer = run.writer(0);
    writer.start();
    writer.awaitReady(Duration.ofMinutes(2));
    maintenance =
        MaintenanceProcess.of(
            0,
            run.table(),
            Path.of(System.getProperty("it.logs", "target/it-logs"), "maintwrite"),
            Map.of());
    maintenance.start();
    maintenance.awaitReady(Duration.ofMinutes(2));
    feed = SteadyFeed.start(run, MOST_ROWS, SLICE, PACE);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions() // the writer creates the table with its first batch
        .until(run::rows, rows -> rows > 0);

    List<JsonNode> runs = new ArrayList<>();
    int duringWrites = 0;
    while (duringWrites < RUNS_WHILE_WRITING && !feed.ranOut()) {
      long rowsBefore = run.rows();
      HttpResponse<String> response = MaintenanceProcess.trigger(maintenance, "full");
      JsonNode done = Http.JSON.readTree(response.body());
      runs.add(done);
      if (run.rows() > rowsBefore) {
        duringWrites++;
      }
      LOG.infof(
          "run %s: HTTP %d, %s", done.path("id"), response.statusCode(), done.path("outcome"));
    }
    int rows = feed.stop();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Topics.lag(run.group(), run.topic()), lag -> lag == 0);

    assertTrue(
        duringWrites >= RUNS_WHILE_WRITING,
        "runs that began and ended while the writer committed: " + duringWrites);
    for (JsonNode done : runs) {
      assertEquals("SUCCEEDED", done.path("outcome").asText(), done.toPrettyString());
    }
    assertTrue(
        runs.stream()
            .anyMatch(
                r ->
                    r.path("tables")
                            .get(0)
                            .path("steps")
                            .get(0)
                            .path("after")
                            .path("dataFiles")
                            .asLong()
                        < r.path("tables")
                            .get(0)
                            .path("steps")
                            .get(0)
                            .path("before")
                            .path("dataFiles")
                            .asLong()),
        "an optimize compacted files while the writer was writing");
    LOG.infof(
        "%d full runs, %d while the writer committed %d records; writer retries %.0f",
        runs.size(),
        duringWrites,
        rows,
        Http.metric(writer.uri("/q/metrics"), "writer_batch_retries_total"));
    assertEquals(rows, run.rows(), "rows in the table");
    assertEquals(0, run.duplicateKeys(), "natural keys held twice");
    assertEquals(rows, run.distinctRecords(), "every record, by its lineage");
    assertEquals(0, Topics.total(run.dlq()), "nothing parked");
    assertEquals(200, Http.status(writer.uri("/q/health/ready")), "the writer is ready");
  }
}
