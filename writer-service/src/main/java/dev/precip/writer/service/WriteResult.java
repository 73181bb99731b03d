package dev.precip.writer.service;

import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.OffsetRange;
import java.util.List;

/**
 * The events a written batch produces: its own, and one for each earlier batch found holding some
 * of its rows (whose writer may have died before announcing it).
 */
public record WriteResult(BatchCommitted batch, List<BatchCommitted> reannounced) {

  /** The same result with the batch's event naming the input records it was written from. */
  public WriteResult coveringInput(List<OffsetRange> input) {
    return new WriteResult(batch.withOffsets(input), reannounced);
  }
}
