package dev.precip.fetcher.client;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the HTTP requests one {@link NoaaClient#fetch} call made, retries included. The same
 * instance is passed to every attempt, so the caller sees them all once the call returns or fails.
 */
public final class RequestTally {

  private final AtomicInteger requests = new AtomicInteger();

  void requestMade() {
    requests.incrementAndGet();
  }

  /** Requests sent to NOAA. */
  public int requests() {
    return requests.get();
  }

  /** Requests beyond the first. */
  public int retries() {
    return Math.max(0, requests.get() - 1);
  }
}
