package dev.precip.normalizer.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayPlannerTest {

  private static final TopicPartition P0 = new TopicPartition("raw", 0);
  private static final TopicPartition P1 = new TopicPartition("raw", 1);

  @SuppressWarnings("unchecked")
  private final Consumer<String, String> consumer = mock(Consumer.class);

  ReplayPlannerTest() {
    when(consumer.partitionsFor("raw"))
        .thenReturn(
            List.of(
                new PartitionInfo("raw", 0, null, null, null),
                new PartitionInfo("raw", 1, null, null, null)));
  }

  @Test
  void fromTheBeginningIsEachPartitionsFirstOffset() {
    when(consumer.beginningOffsets(List.of(P0, P1))).thenReturn(Map.of(P0, 0L, P1, 12L));
    assertEquals(Map.of(0, 0L, 1, 12L), ReplayPlanner.plan(consumer, "raw", Optional.empty()));
  }

  @Test
  void fromATimeIsTheFirstOffsetAtOrAfterItOrTheEnd() {
    Instant from = Instant.parse("2026-11-26T12:00:00Z");
    long ms = from.toEpochMilli();
    Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
    found.put(P0, new OffsetAndTimestamp(7L, ms + 5));
    found.put(P1, null);
    when(consumer.offsetsForTimes(Map.of(P0, ms, P1, ms))).thenReturn(found);
    when(consumer.endOffsets(List.of(P0, P1))).thenReturn(Map.of(P0, 10L, P1, 33L));

    assertEquals(Map.of(0, 7L, 1, 33L), ReplayPlanner.plan(consumer, "raw", Optional.of(from)));
  }
}
