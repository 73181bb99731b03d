package dev.precip.metrics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkStatusTest {

  private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void lagIsTheWatermarksAgeWhileRowsArePending() {
    WatermarkStatus status =
        WatermarkStatus.of(4, now.minusMillis(12_500), new RowTotals(2_000, 1_500), now);

    assertEquals(12.5, status.lagSeconds());
    assertEquals(500, status.rowsPending());
  }

  @Test
  void nothingPendingMeansNoLagHoweverOldTheWatermark() {
    WatermarkStatus status =
        WatermarkStatus.of(4, now.minusSeconds(86_400), new RowTotals(2_000, 2_000), now);

    assertEquals(0.0, status.lagSeconds());
  }

  @Test
  void rowsPendingBeforeAnyBatchIsCountedHaveAnUnknownLag() {
    WatermarkStatus status = WatermarkStatus.of(0, null, new RowTotals(500, 0), now);

    assertNull(status.lagSeconds());
  }
}
