package dev.precip.metrics.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A rebuild of the metrics table from the data table, checked against the incremental result it
 * replaced.
 *
 * @param incrementalDifferences where the incremental metrics differed from the recount, before the
 *     rebuild (none when they were exact; batches not yet counted show up here too)
 * @param verified the rebuilt table equals a full recomputation
 * @param remainingDifferences where the rebuilt table still differs (none when verified)
 * @param rows rows in the data table and rows counted, after the rebuild
 * @param durationMs how long the recompute held the metrics
 */
@RegisterForReflection(targets = {Recompute.class, StationDifference.class, RowTotals.class})
public record Recompute(
    List<StationDifference> incrementalDifferences,
    boolean verified,
    List<StationDifference> remainingDifferences,
    RowTotals rows,
    long durationMs) {

  public Recompute {
    incrementalDifferences = List.copyOf(incrementalDifferences);
    remainingDifferences = List.copyOf(remainingDifferences);
  }
}
