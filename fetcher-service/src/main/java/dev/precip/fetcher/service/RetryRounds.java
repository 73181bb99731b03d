package dev.precip.fetcher.service;

import java.time.Duration;

/** How long a page waits after a failed round of retries: doubling, capped. */
public final class RetryRounds {

  private RetryRounds() {}

  /**
   * @param failures failed rounds so far, this one included (1 or more)
   */
  public static Duration waitAfter(int failures, Duration first, Duration max) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    Duration wait = first.multipliedBy(1L << doublings);
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
