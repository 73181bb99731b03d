package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replaying the raw topic from the beginning, on the real broker, while everything runs: the
 * normalizer re-emits every record with the same key and contents (apart from ingestion time) and
 * nothing else, two instances together move every partition back exactly once, and the table and
 * the metrics end exactly as after the first pass.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class ReplayIT {

  private static final long SEED = 19840229;
  private static final int STATIONS = 12;
  // a leap February before 1984: month-start accumulations carry the comma measurement flag
  private static final LocalDate FIRST = LocalDate.of(1980, 2, 1);
  private static final LocalDate LAST = LocalDate.of(1980, 2, 29);

  private static PipelineRun run;
  private static ServiceProcess secondNormalizer;
  private static Expected expected;

  @BeforeAll
  static void firstPass() throws Exception {
    expected = Expected.of(SEED, STATIONS, FIRST, LAST);
    run = new PipelineRun(SEED, STATIONS);
    run.start();
    secondNormalizer = run.extraNormalizer(1);
    secondNormalizer.start();
    secondNormalizer.awaitReady(Duration.ofMinutes(2));
    // both instances in the group before any page arrives, so no rebalance moves a page in flight
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> Topics.assignments("normalizer-" + run.suffix, run.rawTopic).size() == 2);
    assertEquals("SUCCEEDED", run.fetch(FIRST, LAST).get("state").asText());
    await()
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> run.metricsByStation().equals(expected.metricsByStation()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (secondNormalizer != null) {
      secondNormalizer.close();
    }
    if (run != null) {
      run.close();
    }
  }

  @Test
  void commaMeasurementFlagsReachTheTableInTheFirstSlot() throws Exception {
    long commaFlags =
        expected.observations().stream().filter(o -> o.attributes().startsWith(",,,")).count();
    assertTrue(commaFlags > 0, "the generator made no comma flags for this month");
    assertEquals(
        commaFlags,
        run.count(
            "SELECT count(*) FROM "
                + run.table("precip_15")
                + " WHERE attributes = ARRAY[',', '', 'HI'] OR attributes = ARRAY[',', '', 'HT']"));
  }

  @Test
  void aReplayFromTheBeginningReemitsTheSameRecordsAndChangesNoResult() throws Exception {
    // at least once: a rebalance may re-emit a page, so the topic can hold a record twice
    List<ConsumerRecord<String, String>> firstPass = Topics.records(run.recordsTopic);
    Map<String, Integer> first = contents(firstPass);
    assertEquals(expected.size(), first.size(), "distinct records of the first pass");

    HttpResponse<String> accepted =
        Http.postAsOperator(run.normalizer.uri("/replay"), "{\"from\":\"beginning\"}");
    assertEquals(202, accepted.statusCode(), accepted.body());

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                Topics.endOffsets(run.recordsTopic).values().stream()
                    .mapToLong(Long::longValue)
                    .sum(),
            n -> n >= firstPass.size() + expected.size());
    Map<String, Integer> all = contents(Topics.records(run.recordsTopic));
    assertEquals(first.keySet(), all.keySet(), "the replay emitted only records of the first pass");
    for (Map.Entry<String, Integer> record : first.entrySet()) {
      assertTrue(
          all.get(record.getKey()) > record.getValue(), "not re-emitted: " + record.getKey());
    }

    // two instances share the 3 partitions; together they moved all of them back, once each
    List<Integer> applied = new ArrayList<>();
    for (ServiceProcess instance : List.of(run.normalizer, secondNormalizer)) {
      JsonNode status = Http.get(instance.uri("/replay"));
      assertEquals(false, status.get("pending").asBoolean(), status.toString());
      status.get("appliedPartitions").forEach(p -> applied.add(p.asInt()));
    }
    applied.sort(Integer::compareTo);
    assertEquals(List.of(0, 1, 2), applied);

    // downstream: the writer skips what it has, and the metrics count each batch once
    Thread.sleep(5000);
    assertEquals(expected.size(), run.rows());
    assertEquals(0, run.duplicateKeys());
    await()
        .ignoreExceptions()
        .atMost(Duration.ofMinutes(2))
        .until(() -> run.metricsByStation().equals(expected.metricsByStation()));

    // the normalizer's commits followed the replay to the end of the raw topic
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                committed("normalizer-" + run.suffix, run.rawTopic)
                    .equals(Topics.endOffsets(run.rawTopic)));
  }

  /** Key + value without ingestion time, counted (a multiset). */
  private static Map<String, Integer> contents(List<ConsumerRecord<String, String>> records)
      throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    for (ConsumerRecord<String, String> r : records) {
      ObjectNode value = (ObjectNode) Http.JSON.readTree(r.value());
      value.remove("ingestionTs");
      out.merge(r.key() + " " + value, 1, Integer::sum);
    }
    return out;
  }

  private static Map<Integer, Long> committed(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      Map<Integer, Long> out = new TreeMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
        if (e.getKey().topic().equals(topic)) {
          out.put(e.getKey().partition(), e.getValue().offset());
        }
      }
      return out;
    }
  }
}
