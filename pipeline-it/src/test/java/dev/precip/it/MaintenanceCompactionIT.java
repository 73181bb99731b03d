package dev.precip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precip.contracts.PrecipRecord;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a full pass does to the data files. On an aged table (500-row commits as the writer makes
 * them, with the light pass on a 30-second schedule beside them), one full run leaves at most two
 * data files per partition, no snapshot older than the retention, no orphan file, and every row
 * (count and a checksum of every column equal before and after). And a pass compacts what was
 * written since the last one, not the whole table.
 *
 * <p>{@code bin/test} ages the table with 300 commits (150,000 rows, about 90 s); the README's
 * figures come from {@code -Dit.compaction.commits=2000} (1,000,000 rows, 8-10 min on 2 cores).
 */
@ExtendWith(ServiceLogsOnFailure.class)
class MaintenanceCompactionIT {

  private static final Logger LOG = Logger.getLogger(MaintenanceCompactionIT.class);
  private static final int BATCHES = Integer.getInteger("it.compaction.commits", 300);
  private static final int BATCH = 500;
  private static final Duration RETENTION = Duration.ofMinutes(1);
  private static final int ROWS_PER_MONTH = 2_000;
  private static final int SMALL_BATCH = 200;

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
  // -Dit.compaction.commits=2000 takes 8-10 min on 2 cores, more than the ITs' default 10 minutes
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void aFullRunCompactsExpiresRemovesOrphansAndKeepsEveryRow() throws Exception {
    table = new IcebergTable("compact");
    startMaintenance(Map.of("maintenance.light.cron", "0/30 * * * * ?"));

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

    JsonNode run = MaintenanceProcess.runNow(maintenance, "full");

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

  /**
   * A partition already compacted into one file keeps that file (same path), the partition written
   * since is merged, and a pass with nothing new rewrites nothing. Trino's {@code optimize} leaves
   * a partition of one file alone (476, measured); the 5-minute full pass relies on it, since
   * rewriting every month each time would cost more with every month of data.
   */
  @Test
  void aFullPassRewritesOnlyThePartitionsWrittenSinceTheLast() throws Exception {
    table = new IcebergTable("incremental");
    startMaintenance(Map.of());
    List<List<PrecipRecord>> months =
        List.of(GeneratedRecords.month(0), GeneratedRecords.month(1), GeneratedRecords.month(2));
    List<PrecipRecord> first = new ArrayList<>();
    months.forEach(m -> first.addAll(m.subList(0, ROWS_PER_MONTH)));
    table.write(first, SMALL_BATCH, 1);

    JsonNode initial = successfulFullRun();
    Map<String, Set<String>> compacted = table.filesByPartition();
    assertEquals(3, compacted.size(), compacted.toString());
    compacted.forEach((p, files) -> assertEquals(1, files.size(), p + " compacted: " + files));

    List<PrecipRecord> february = months.get(1).subList(ROWS_PER_MONTH, ROWS_PER_MONTH + 1_000);
    table.write(february, SMALL_BATCH, 1);
    String before = table.checksum();
    JsonNode second = successfulFullRun();

    Map<String, Set<String>> after = table.filesByPartition();
    LOG.infof("files by partition after the first pass %s, after the second %s", compacted, after);
    List<String> partitions = List.copyOf(compacted.keySet());
    assertEquals(compacted.get(partitions.get(0)), after.get(partitions.get(0)), "January kept");
    assertEquals(compacted.get(partitions.get(2)), after.get(partitions.get(2)), "March kept");
    Set<String> merged = after.get(partitions.get(1));
    assertEquals(1, merged.size(), "February merged into one file: " + merged);
    assertNotEquals(compacted.get(partitions.get(1)), merged, "February rewritten");
    assertEquals(before, table.checksum(), "every row is still there, unchanged");
    assertEquals(3 * ROWS_PER_MONTH + 1_000, table.rows());

    JsonNode idle = successfulFullRun();
    assertEquals(after, table.filesByPartition(), "nothing rewritten");
    LOG.infof(
        "optimize took %d ms (30 files), %d ms (6 files), %d ms (none)",
        optimizeMs(initial), optimizeMs(second), optimizeMs(idle));
  }

  private JsonNode successfulFullRun() {
    JsonNode run = MaintenanceProcess.runNow(maintenance, "full");
    assertEquals("SUCCEEDED", run.path("outcome").asText(), run.toPrettyString());
    return run;
  }

  private static long optimizeMs(JsonNode run) {
    JsonNode step = run.path("tables").get(0).path("steps").get(0);
    assertEquals("OPTIMIZE", step.path("step").asText(), step.toString());
    return step.path("durationMs").asLong();
  }

  private void startMaintenance(Map<String, String> overrides) throws Exception {
    maintenance =
        MaintenanceProcess.of(
            0,
            table.name(),
            Path.of(System.getProperty("it.logs", "target/it-logs"), table.schema()),
            overrides);
    maintenance.start();
    maintenance.awaitReady(Duration.ofMinutes(2));
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
