package dev.precip.fetcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The limiter's rules on local buckets of the same configuration as the shared ones. */
class NoaaRateLimiterTest {

  private static Bucket local(BucketConfiguration config) {
    LocalBucketBuilder builder = Bucket.builder();
    for (var bandwidth : config.getBandwidths()) {
      builder.addLimit(bandwidth);
    }
    return builder.build();
  }

  @Test
  void requestsAreSpacedAtTheRateWithoutABurst() throws Exception {
    NoaaRateLimiter limiter =
        new NoaaRateLimiter(local(SharedBuckets.perSecondConfig(5)), null, Duration.ofDays(1));
    long start = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      limiter.acquire();
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    // the first goes at once, each of the next five waits 200 ms
    assertTrue(elapsedMs >= 950, "6 requests at 5/s took only " + elapsedMs + " ms");
  }

  @Test
  void noBucketsLiftTheLimits() throws Exception {
    NoaaRateLimiter limiter = new NoaaRateLimiter(null, null, Duration.ofDays(1));
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      limiter.acquire();
    }
    assertTrue((System.nanoTime() - start) / 1_000_000 < 500);
    assertTrue(limiter.quotaLeft().isEmpty());
  }

  @Test
  void aSpentQuotaRefusesWithTheMomentItRestarts() throws Exception {
    Duration day = Duration.ofDays(1);
    NoaaRateLimiter limiter =
        new NoaaRateLimiter(null, local(SharedBuckets.perPeriodConfig(3, day, Instant.now())), day);
    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }
    assertEquals(0, limiter.quotaLeft().getAsLong());
    QuotaExhaustedException spent = assertThrows(QuotaExhaustedException.class, limiter::acquire);
    Instant midnight = QuotaPeriods.nextStart(Instant.now(), day);
    assertEquals(midnight, spent.resumesAt());
    assertEquals(midnight, limiter.spentUntil().orElseThrow());
    assertEquals(0, midnight.toEpochMilli() % day.toMillis(), "a day restarts at midnight UTC");
  }

  @Test
  void theQuotaComesBackWhenItsPeriodEnds() throws Exception {
    Duration period = Duration.ofMillis(400);
    NoaaRateLimiter limiter =
        new NoaaRateLimiter(
            null, local(SharedBuckets.perPeriodConfig(2, period, Instant.now())), period);
    limiter.acquire();
    limiter.acquire();
    QuotaExhaustedException spent = assertThrows(QuotaExhaustedException.class, limiter::acquire);
    Thread.sleep(Math.max(0, spent.resumesAt().toEpochMilli() - System.currentTimeMillis()) + 50);
    limiter.acquire();
    assertTrue(limiter.spentUntil().isEmpty());
  }
}
