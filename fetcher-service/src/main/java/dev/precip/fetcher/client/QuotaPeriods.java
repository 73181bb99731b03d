package dev.precip.fetcher.client;

import java.time.Duration;
import java.time.Instant;

/** Quota periods aligned to the epoch: a one-day period starts at midnight UTC. */
public final class QuotaPeriods {

  private QuotaPeriods() {}

  /** The start of the period after the one {@code now} falls in. */
  public static Instant nextStart(Instant now, Duration period) {
    long periodMs = period.toMillis();
    if (periodMs <= 0) {
      throw new IllegalArgumentException("a quota period must be positive, got " + period);
    }
    return Instant.ofEpochMilli((Math.floorDiv(now.toEpochMilli(), periodMs) + 1) * periodMs);
  }
}
