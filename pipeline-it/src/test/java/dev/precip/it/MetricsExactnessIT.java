package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.PrecipRecord;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics service on the real stack, fed by real writers: after each way events can arrive (out
 * of ingestion order, twice, around a crash, replayed), the per-station metrics equal a full
 * recomputation from the data table, and the service's own reconciliation agrees.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class MetricsExactnessIT {

  private static final Logger LOG = Logger.getLogger(MetricsExactnessIT.class);
  private static final int ROWS = 3_000;
  private static final int MOST_ROWS = 200_000;
  private static final int SLICE = 1_000;
  private static final Duration PACE = Duration.ofMillis(500);
  private static final int REBUILDS_DURING_FLOW = 2;

  private final List<ServiceProcess> processes = new ArrayList<>();
  private SteadyFeed feed;
  private WriterRun writers;
  private MetricsRun metricsRun;

  @AfterEach
  void stop() throws Exception {
    if (feed != null) {
      feed.close();
    }
    for (ServiceProcess p : processes) {
      p.close();
    }
    if (metricsRun != null) {
      metricsRun.close();
    }
    if (writers != null) {
      writers.close();
    }
  }

  @Test
  void aNormalRunEqualsAFullRecomputationAndARecomputeFindsNothingToFix() throws Exception {
    ServiceProcess metrics = oneWriterAndMetrics("mnormal");

    writers.produce(GeneratedRecords.first(ROWS));

    assertExactOnceCaughtUp(metrics);
    assertEquals(401, Http.postAnonymously(metrics.uri("/metrics/recompute")));
    assertEquals(403, Http.postAsReader(metrics.uri("/metrics/recompute"), "").statusCode());
    HttpResponse<String> recompute = Http.postAsOperator(metrics.uri("/metrics/recompute"), "");
    assertEquals(200, recompute.statusCode(), recompute.body());
    JsonNode report = Http.JSON.readTree(recompute.body());
    assertTrue(report.get("verified").asBoolean(), recompute.body());
    assertEquals(0, report.get("incrementalDifferences").size(), recompute.body());
    assertEquals(ROWS, report.get("rows").get("counted").asLong(), recompute.body());
    assertEquals(metricsRun.recomputed(), MetricsRun.reported(metrics));
  }

  @Test
  void recomputesWhileBatchesAreCountedLoseAndDoubleNothing() throws Exception {
    ServiceProcess metrics = oneWriterAndMetrics("mrebuild");
    // records keep arriving while the rebuilds run: a backlog produced up front could be counted
    // in full before the first rebuild, however large, once the writer claims its keys ahead
    feed = SteadyFeed.start(writers, MOST_ROWS, SLICE, PACE);
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(metricsRun::batchesCounted, n -> n >= 1);

    // each rebuild replaces the metrics table while the writer commits and the service counts
    int rebuilds = 0;
    int duringFlow = 0;
    while (duringFlow < REBUILDS_DURING_FLOW && !feed.ranOut()) {
      HttpResponse<String> recompute = Http.postAsOperator(metrics.uri("/metrics/recompute"), "");
      assertEquals(200, recompute.statusCode(), recompute.body());
      JsonNode report = Http.JSON.readTree(recompute.body());
      assertTrue(report.get("verified").asBoolean(), recompute.body());
      rebuilds++;
      if (report.get("incrementalDifferences").size() > 0) {
        duringFlow++;
      }
    }
    int records = feed.stop();
    LOG.infof(
        "%d rebuilds, %d while batches were uncounted, %d records fed",
        rebuilds, duringFlow, records);

    assertTrue(
        duringFlow >= REBUILDS_DURING_FLOW,
        "rebuilds that ran while committed batches were not counted yet: "
            + duringFlow
            + " of "
            + rebuilds);
    assertExactOnceCaughtUp(metrics);
    assertEquals(records, writers.rows(), "every record fed, once");
    assertEquals(0, writers.duplicateKeys(), "natural keys held twice");
  }

  @Test
  void rowsStampedEarlierButCommittedLaterByAnotherWriterAreCounted() throws Exception {
    writers = new WriterRun("morder");
    metricsRun = new MetricsRun(writers);
    // one consumer each, so the group's two members are the two writers
    ServiceProcess first = writers.writer(0, Map.of("writer.consumers", "1"));
    ServiceProcess second = writers.writer(1, Map.of("writer.consumers", "1"));
    ServiceProcess metrics = metricsRun.instance();
    started(first, second, metrics);
    List<Set<Integer>> assignments =
        await()
            .atMost(Duration.ofMinutes(1))
            .ignoreExceptions()
            .until(
                () -> Topics.assignments(writers.group(), writers.topic()),
                a -> a.size() == 2 && a.stream().noneMatch(Set::isEmpty));
    int laterWriterPartition = assignments.get(0).iterator().next();
    int earlierWriterPartition = assignments.get(1).iterator().next();
    List<PrecipRecord> records = GeneratedRecords.first(2 * ROWS);
    long now = System.currentTimeMillis();

    // one writer commits rows stamped now, and the metrics count them ...
    Topics.produce(writers.topic(), earlierWriterPartition, stamped(records.subList(0, ROWS), now));
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .until(
            () -> Http.get(metrics.uri("/metrics/watermark")).get("rowsCounted").asLong() == ROWS);
    // ... then the other commits rows stamped an hour earlier: a "max ingestion_ts seen"
    // watermark would skip every one of them
    Topics.produce(
        writers.topic(),
        laterWriterPartition,
        stamped(records.subList(ROWS, 2 * ROWS), now - Duration.ofHours(1).toMillis()));

    assertExactOnceCaughtUp(metrics);
    assertEquals(2 * ROWS, writers.rows());
    assertEquals(
        ROWS,
        writers.count("SELECT count(*) FROM " + writers.table() + " WHERE ingestion_ts < " + now),
        "rows stamped before the rows counted first");
    double byFirst = Http.metric(first.uri("/q/metrics"), "writer_rows_written_total");
    double bySecond = Http.metric(second.uri("/q/metrics"), "writer_rows_written_total");
    assertEquals(ROWS, byFirst, "each writer wrote one half");
    assertEquals(ROWS, bySecond, "each writer wrote one half");
  }

  @Test
  void batchEventsDeliveredTwiceAndReannouncedAreCountedOnce() throws Exception {
    ServiceProcess metrics = oneWriterAndMetrics("mdup");
    writers.produce(GeneratedRecords.first(ROWS));
    assertExactOnceCaughtUp(metrics);

    List<ProducerRecord<String, String>> again = new ArrayList<>();
    List<ConsumerRecord<String, String>> events = Topics.records(writers.batchesTopic());
    for (ConsumerRecord<String, String> event : events) {
      String batchId = Http.JSON.readTree(event.value()).get("batchId").asText();
      again.add(new ProducerRecord<>(writers.batchesTopic(), event.key(), event.value()));
      String reannounced =
          Http.JSON.writeValueAsString(
              BatchCommitted.reannounced(batchId, System.currentTimeMillis()));
      again.add(new ProducerRecord<>(writers.batchesTopic(), event.key(), reannounced));
    }
    Topics.send(again);

    assertExactOnceCaughtUp(metrics);
    assertEquals(0, metricsRun.duplicatePartials(), "the ledger kept duplicates from the table");
    assertEquals(
        2.0 * events.size(),
        Http.metric(metrics.uri("/q/metrics"), "metrics_events_total{outcome=\"duplicate\"}"));
  }

  @Test
  void anUnreadableEventIsParkedWithItsReasonAndTheBatchesAfterItAreCounted() throws Exception {
    ServiceProcess metrics = oneWriterAndMetrics("mbad");
    Topics.send(
        List.of(
            new ProducerRecord<>(writers.batchesTopic(), "x", "<html>not an event</html>"),
            new ProducerRecord<>(writers.batchesTopic(), "y", "{\"batchId\": 42, \"rows\": []}"),
            new ProducerRecord<>(writers.batchesTopic(), "z", "{\"rows\": 5}")));

    writers.produce(GeneratedRecords.first(1_000));

    assertExactOnceCaughtUp(metrics);
    List<ConsumerRecord<String, String>> parked = Topics.records(writers.batchesTopic() + ".dlq");
    // verbatim, under its own key, with the reason and where it came from
    assertEquals(
        Map.of(
            "x", "<html>not an event</html>",
            "y", "{\"batchId\": 42, \"rows\": []}",
            "z", "{\"rows\": 5}"),
        parked.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value)));
    for (ConsumerRecord<String, String> record : parked) {
      assertTrue(
          record.headers().lastHeader("dead-letter-reason") != null,
          "parked with a reason: " + record.value());
      assertEquals(writers.batchesTopic(), header(record, "dead-letter-topic"));
      assertTrue(
          Long.parseLong(header(record, "dead-letter-offset")) >= 0, "parked with its offset");
    }
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void killedBetweenTheIcebergUpdateAndTheLedgerTheBatchIsCountedOnce() throws Exception {
    ServiceProcess metrics = oneWriterAndMetrics("mkill");

    try (Connection lock = Stack.postgres()) {
      // the ledger accepts reads but no insert: the service counts in Iceberg, then waits
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE " + metricsRun.ledger() + " IN EXCLUSIVE MODE");
      }
      writers.produce(GeneratedRecords.first(500));
      // the writer may cut the records into more than one batch: at least one is counted in
      // Iceberg and its ledger insert waits
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(() -> metricsRun.batchesCounted() >= 1 && metricsRun.waitingLedgerInserts() >= 1);
      assertEquals(0, metricsRun.postgresCount("SELECT count(*) FROM " + metricsRun.ledger()));
      metrics.kill();
      // PostgreSQL would finish the dead client's waiting INSERTs once the lock goes: end them
      assertTrue(metricsRun.terminateWaitingLedgerInserts() >= 1, "a ledger insert was waiting");
      lock.rollback();
    }
    assertEquals(0, metricsRun.postgresCount("SELECT count(*) FROM " + metricsRun.ledger()));
    ServiceProcess restarted = metricsRun.instance();
    started(restarted);

    assertExactOnceCaughtUp(restarted);
    assertTrue(
        metricsRun.duplicatePartials() > 0,
        "the redelivered event appended the batch's counts again; the metrics counted them once");
    assertEquals(
        500,
        metricsRun.postgresCount("SELECT sum(counted_rows) FROM " + metricsRun.ledger()),
        "the redelivered events recorded the batches with their rows");
  }

  @Test
  void replayingTheRecordsAndTheBatchEventsChangesNothing() throws Exception {
    writers = new WriterRun("mreplay");
    metricsRun = new MetricsRun(writers);
    ServiceProcess writer = writers.writer(0);
    ServiceProcess metrics = metricsRun.instance();
    started(writer, metrics);
    writers.produce(GeneratedRecords.first(ROWS));
    assertExactOnceCaughtUp(metrics);
    Map<String, String> firstPass = MetricsRun.reported(metrics);
    long eventsBefore = Topics.total(writers.batchesTopic());

    writer.close();
    metrics.close();
    Topics.rewind(writers.group(), writers.topic());
    Topics.rewind(metricsRun.group(), writers.batchesTopic());
    ServiceProcess replayed = metricsRun.instance();
    started(writers.writer(0), replayed);
    await()
        .atMost(Duration.ofMinutes(3))
        .ignoreExceptions()
        .until(() -> Topics.lag(writers.group(), writers.topic()), lag -> lag == 0);

    assertExactOnceCaughtUp(replayed);
    assertEquals(firstPass, MetricsRun.reported(replayed));
    assertEquals(ROWS, writers.rows());
    assertTrue(
        Topics.total(writers.batchesTopic()) > eventsBefore, "the replay announced its batches");
  }

  /** A run of its own with one writer and the metrics service started; returns the latter. */
  private ServiceProcess oneWriterAndMetrics(String name) throws Exception {
    writers = new WriterRun(name);
    metricsRun = new MetricsRun(writers);
    ServiceProcess metrics = metricsRun.instance();
    started(writers.writer(0), metrics);
    return metrics;
  }

  /**
   * Starts the processes at once, then waits until each is ready: a service takes ~10 s to start on
   * 2 cores, and none of them needs another to be up first.
   */
  private void started(ServiceProcess... batch) throws Exception {
    for (ServiceProcess process : batch) {
      processes.add(process);
      process.start();
    }
    for (ServiceProcess process : batch) {
      process.awaitReady(Duration.ofMinutes(2));
    }
  }

  private static List<PrecipRecord> stamped(List<PrecipRecord> records, long ingestionTs) {
    List<PrecipRecord> out = new ArrayList<>(records.size());
    for (PrecipRecord r : records) {
      out.add(
          new PrecipRecord(
              r.station(),
              r.datatype(),
              r.date(),
              r.eventTimeMs(),
              r.value(),
              r.attributes(),
              r.attributesRaw(),
              ingestionTs,
              r.page(),
              r.pageIndex()));
    }
    return out;
  }

  /**
   * Waits until the metrics group has acknowledged every batch event, then checks the metrics
   * against a recount of the data table, the metrics table for doubles, and the reconciliation.
   */
  private void assertExactOnceCaughtUp(ServiceProcess metrics) throws Exception {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                Topics.lag(writers.group(), writers.topic()) == 0
                    && metricsRun.caughtUp()
                    && metricsRun.batchesCounted() == metricsRun.batchesInTable());
    assertEquals(metricsRun.recomputed(), MetricsRun.reported(metrics));
    JsonNode reconciliation = Http.get(metrics.uri("/metrics/reconciliation"));
    assertTrue(reconciliation.get("consistent").asBoolean(), reconciliation.toString());
    JsonNode watermark = Http.get(metrics.uri("/metrics/watermark"));
    assertEquals(0, watermark.get("rowsPending").asLong(), watermark.toString());
  }
}
