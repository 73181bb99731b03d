package dev.precip.normalizer.replay;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** Finds, for every partition of the raw topic, the offset a replay restarts from. */
public final class ReplayPlanner {

  private ReplayPlanner() {}

  /**
   * @param from empty for the beginning; otherwise the first offset at or after this time (the end
   *     of a partition that has nothing that late)
   */
  public static Map<Integer, Long> plan(
      Consumer<?, ?> consumer, String topic, Optional<Instant> from) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    Map<Integer, Long> offsets = new HashMap<>();
    if (from.isEmpty()) {
      consumer.beginningOffsets(partitions).forEach((tp, o) -> offsets.put(tp.partition(), o));
      return offsets;
    }
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(tp -> times.put(tp, from.get().toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp at = found.get(tp);
      offsets.put(tp.partition(), at == null ? ends.get(tp) : at.offset());
    }
    return offsets;
  }
}
