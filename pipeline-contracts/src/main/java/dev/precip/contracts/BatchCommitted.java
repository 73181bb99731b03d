package dev.precip.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Published by the writer on {@code precip.batches.committed} once the rows of a batch are durable
 * in Iceberg. The same batch may be announced more than once (a redelivery, or a writer announcing
 * a batch whose own writer died before announcing it); consumers must be idempotent on {@link
 * #batchId()}.
 *
 * @param batchId the value of the {@code batch_id} column on every row of this batch
 * @param rows rows this batch added to the table, or null when a batch is re-announced by another
 *     writer, which does not know it
 * @param eventTimeMsMin smallest event time of the batch's rows, or null when unknown; lets readers
 *     prune partitions
 * @param eventTimeMsMax largest event time of the batch's rows, or null when unknown
 * @param committedAtMs epoch milliseconds at which the announcing writer saw the rows committed
 * @param offsets the input records the batch was written from, per partition; empty when unknown (a
 *     re-announced batch)
 */
@RegisterForReflection // serialized with Jackson by the writer, read by the metrics service
public record BatchCommitted(
    String batchId,
    Long rows,
    Long eventTimeMsMin,
    Long eventTimeMsMax,
    long committedAtMs,
    List<OffsetRange> offsets) {

  public BatchCommitted {
    offsets = offsets == null ? List.of() : List.copyOf(offsets);
  }

  /** An announcement of a batch this writer found in the table but did not write. */
  public static BatchCommitted reannounced(String batchId, long committedAtMs) {
    return new BatchCommitted(batchId, null, null, null, committedAtMs, List.of());
  }
}
