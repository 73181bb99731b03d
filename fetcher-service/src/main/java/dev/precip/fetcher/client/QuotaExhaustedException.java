package dev.precip.fetcher.client;

import java.time.Instant;

/** The token's request quota for the current period is spent; no request was made. */
public class QuotaExhaustedException extends RuntimeException {

  private final transient Instant resumesAt;

  public QuotaExhaustedException(Instant resumesAt) {
    super("the NOAA request quota is spent until " + resumesAt, null, false, false);
    this.resumesAt = resumesAt;
  }

  /** When the quota restarts. */
  public Instant resumesAt() {
    return resumesAt;
  }
}
