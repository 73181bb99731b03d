package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precip.contracts.PrecipRecord;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two thousand 500-row commits, as the writer makes them, with the light pass on a 30-second
 * schedule beside them; then one full run: at most two data files per partition, no snapshot older
 * than the retention, orphan files planted in the table's location gone, and every row still there
 * (count and a checksum of every column equal before and after).
 */
@ExtendWith(ServiceLogsOnFailure.class)
class MaintenanceCompactionIT {

  private static final Logger LOG = Logger.getLogger(MaintenanceCompactionIT.class);
  private static final int BATCHES = 2_000;
  private static final int BATCH = 500;
  private static final Duration RETENTION = Duration.ofMinutes(1);

  private IcebergTable table;
  private ServiceProcess maintenance;

  @AfterEach
  void stop() throws Exception {
    if (maintenance != null) {
      maintenance.close();
    }
    if (table != null) {
      table.close();
    }
  }

  @Test
  // 2,000 commits take 8-10 min on 2 cores, more than the ITs' default 10-minute limit
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void aFullRunCompactsExpiresRemovesOrphansAndKeepsEveryRow() throws Exception {
    table = new IcebergTable("compact");
    maintenance =
        MaintenanceProcess.of(
            0,
            table.name(),
            Path.of(System.getProperty("it.logs", "target/it-logs"), table.schema()),
            Map.of("maintenance.light.cron", "0/30 * * * * ?"));
    maintenance.start();
    maintenance.awaitReady(Duration.ofMinutes(2));

    List<PrecipRecord> records = GeneratedRecords.first(BATCHES * BATCH);
    long writeStart = System.nanoTime();
    table.write(records, BATCH, 3);
    LOG.infof(
        "%d rows in %d-row statements written in %.0f s (%d commit conflicts retried); %d data"
            + " files in %d partitions, %d snapshots",
        records.size(),
        BATCH,
        (System.nanoTime() - writeStart) / 1e9,
        WriterBenchmark.COMMIT_CONFLICTS.get(),
        table.dataFiles(),
        table.partitions(),
        table.snapshots());
    assertTrue(table.mostFilesInAPartition() > 2, "the commits left many files per partition");
    List<Path> orphans = plantOrphans();
    String before = table.checksum();
    long queryBefore = typicalQueryMs();

    JsonNode run = fullRun();

    assertEquals("SUCCEEDED", run.path("outcome").asText(), run.toPrettyString());
    LOG.infof(
        "full run in %d ms: %s; one station's month read in %d ms before, %d ms after (median"
            + " of 5)",
        Instant.parse(run.path("finishedAt").asText()).toEpochMilli()
            - Instant.parse(run.path("startedAt").asText()).toEpochMilli(),
        run.path("tables").get(0).toPrettyString(),
        queryBefore,
        typicalQueryMs());
    Instant started = Instant.parse(run.path("startedAt").asText());
    assertEquals(before, table.checksum(), "every row is still there, unchanged");
    assertEquals(records.size(), table.rows());
    assertTrue(
        table.mostFilesInAPartition() <= 2,
        "at most 2 data files per partition, found " + table.mostFilesInAPartition());
    assertEquals(
        0,
        table.snapshotsCommittedBefore(started.minus(RETENTION)),
        "snapshots older than the retention are expired");
    for (Path orphan : orphans) {
      assertFalse(Files.exists(orphan), "orphan removed: " + orphan);
    }
    JsonNode figures = run.path("tables").get(0);
    assertEquals(
        table.dataFiles(),
        figures.path("after").path("dataFiles").asLong(),
        "the run's figures agree with $files");
    assertEquals(records.size(), figures.path("after").path("records").asLong());
    assertTrue(
        figures.path("after").path("dataFiles").asLong()
            < figures.path("before").path("dataFiles").asLong(),
        "the run's own figures show the compaction");
  }

  /** Median time of a typical read, one station's month of observations, over 5 reads. */
  private long typicalQueryMs() throws Exception {
    String query =
        "SELECT count(*), sum(value), max(observed_at) FROM "
            + table.name()
            + " WHERE station = 'COOP:010015' AND observed_at >= TIMESTAMP '2010-03-01 00:00:00'"
            + " AND observed_at < TIMESTAMP '2010-04-01 00:00:00'";
    long[] ms = new long[5];
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      table.count(query);
      ms[i] = (System.nanoTime() - start) / 1_000_000;
    }
    java.util.Arrays.sort(ms);
    return ms[2];
  }

  /** Triggers a full run, waiting out a light run that may hold the lock. */
  private JsonNode fullRun() {
    return await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              HttpResponse<String> r = MaintenanceProcess.trigger(maintenance, "full");
              return r.statusCode() == 409 ? null : Http.JSON.readTree(r.body());
            },
            r -> r != null);
  }

  /**
   * Files no snapshot references, as a writer that died before its commit leaves them, written
   * straight into the object store's directory under the table's data and metadata folders and made
   * two hours old.
   */
  private List<Path> plantOrphans() throws Exception {
    URI dataFile = URI.create(table.aDataFile());
    // the object store's files: deploy/local/stack.sh keeps them under $STACK_RUN/data/s3
    String stackRun =
        System.getenv()
            .getOrDefault(
                "STACK_RUN", Path.of(System.getProperty("repo.root", ".."), ".stack").toString());
    Path store = Path.of(System.getProperty("it.s3-dir", stackRun + "/data/s3"));
    Path data = store.resolve(dataFile.getHost() + dataFile.getPath()).getParent();
    Path location = data;
    while (!location.getFileName().toString().equals("data")) {
      location = location.getParent();
    }
    List<Path> orphans =
        List.of(
            data.resolve("orphan-of-a-dead-writer.parquet"),
            location.resolve("orphan-at-the-data-root.parquet"),
            location.resolveSibling("metadata").resolve("orphan-manifest.avro"));
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
    for (Path orphan : orphans) {
      Files.write(orphan, ("not referenced by any snapshot: " + orphan).getBytes());
      Files.setLastModifiedTime(orphan, old);
    }
    return orphans;
  }
}
