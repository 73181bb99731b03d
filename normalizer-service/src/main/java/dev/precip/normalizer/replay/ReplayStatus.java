package dev.precip.normalizer.replay;

import java.time.Instant;
import java.util.List;

/**
 * What this instance did with the latest replay request it received.
 *
 * @param request the latest request, or null if none since this instance started
 * @param pending true until the rebalance that applies it has happened here
 * @param appliedPartitions the raw-topic partitions this instance moved back
 * @param appliedAt when it moved them, or null
 */
public record ReplayStatus(
    ReplayRequest request, boolean pending, List<Integer> appliedPartitions, Instant appliedAt) {

  static ReplayStatus none() {
    return new ReplayStatus(null, false, List.of(), null);
  }
}
