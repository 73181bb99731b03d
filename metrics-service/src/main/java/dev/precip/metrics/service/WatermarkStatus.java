package dev.precip.metrics.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;

/**
 * How far the metrics are behind the data table.
 *
 * @param batchesCounted batches recorded in the ledger
 * @param watermark commit time of the newest counted batch, null before the first
 * @param rowsCommitted rows in the data table
 * @param rowsCounted rows counted in the metrics
 * @param rowsPending rows committed but not yet aggregated
 * @param lagSeconds now minus the watermark while rows are pending, 0 when none are, null when rows
 *     are pending and nothing has been counted yet
 */
@RegisterForReflection(targets = {WatermarkStatus.class, RowTotals.class})
public record WatermarkStatus(
    long batchesCounted,
    Instant watermark,
    long rowsCommitted,
    long rowsCounted,
    long rowsPending,
    Double lagSeconds) {

  static WatermarkStatus of(long batches, Instant watermark, RowTotals rows, Instant now) {
    Double lag;
    if (rows.pending() <= 0) {
      lag = 0.0;
    } else if (watermark == null) {
      lag = null;
    } else {
      lag = Math.max(0, Duration.between(watermark, now).toMillis()) / 1000.0;
    }
    return new WatermarkStatus(
        batches, watermark, rows.committed(), rows.counted(), rows.pending(), lag);
  }
}
