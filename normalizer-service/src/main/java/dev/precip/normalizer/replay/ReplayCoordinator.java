package dev.precip.normalizer.replay;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Moves this instance's raw-topic partitions back to a replay request's offsets.
 *
 * <p>The move happens in the consumer's partition assignment, never mid-stream: seeking a running
 * consumer would leave the throttled commit strategy's offset bookkeeping ahead of the consumer
 * (smallrye-reactive-messaging#3455), while an assignment starts that bookkeeping afresh. So a
 * request is held as pending, a rebalance of the group is forced, and the first assignment after it
 * seeks each assigned partition to its target and commits that position at once, so that a crash
 * during the replay resumes the replay instead of skipping it. Every instance receives every
 * request, so together they cover every partition.
 */
@ApplicationScoped
public class ReplayCoordinator {

  private static final Logger LOG = Logger.getLogger(ReplayCoordinator.class);

  private final AtomicReference<ReplayStatus> status = new AtomicReference<>(ReplayStatus.none());

  /** Holds the request until the next assignment; the caller then forces a rebalance. */
  public void hold(ReplayRequest request) {
    status.set(new ReplayStatus(request, true, List.of(), null));
    LOG.infof("replay %s from %s received, rebalancing", request.id(), request.from());
  }

  /** Called by the rebalance listener on the consumer's polling thread. */
  public void partitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    ReplayStatus current = status.get();
    if (!current.pending()) {
      return;
    }
    ReplayRequest request = current.request();
    Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
    List<Integer> applied = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      Long offset = request.offsets().get(partition.partition());
      if (offset != null && partition.topic().equals(request.topic())) {
        consumer.seek(partition, offset);
        positions.put(partition, new OffsetAndMetadata(offset, "replay " + request.id()));
        applied.add(partition.partition());
      }
    }
    if (!positions.isEmpty()) {
      consumer.commitSync(positions);
    }
    applied.sort(Integer::compareTo);
    status.set(new ReplayStatus(request, false, applied, Instant.now()));
    LOG.infof("replay %s applied to partitions %s", request.id(), applied);
  }

  public ReplayStatus status() {
    return status.get();
  }
}
