package dev.precip.fetcher.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoaaRateLimiterTest {

  @Test
  void requestsAreSpacedAtTheRateWithoutABurst() throws Exception {
    NoaaRateLimiter limiter = new NoaaRateLimiter(5);
    long start = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      limiter.acquire();
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    // the first goes at once, each of the next five waits 200 ms
    assertTrue(elapsedMs >= 950, "6 requests at 5/s took only " + elapsedMs + " ms");
  }

  @Test
  void zeroLiftsTheLimit() throws Exception {
    NoaaRateLimiter limiter = new NoaaRateLimiter(0);
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      limiter.acquire();
    }
    assertTrue((System.nanoTime() - start) / 1_000_000 < 500);
  }
}
