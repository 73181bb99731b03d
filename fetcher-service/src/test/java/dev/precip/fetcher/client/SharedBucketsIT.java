package dev.precip.fetcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.fetcher.NoWorkersProfile;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two limiters over the same PostgreSQL stand for two fetcher instances with one token. */
@QuarkusTest
@TestProfile(NoWorkersProfile.class)
class SharedBucketsIT {

  @Inject AgroalDataSource postgres;

  private NoaaRateLimiter limiter(String token, int perSecond, int perPeriod, Duration period) {
    SharedBuckets buckets = new SharedBuckets(postgres, token);
    return new NoaaRateLimiter(
        perSecond > 0 ? buckets.perSecond(perSecond) : null,
        perPeriod > 0 ? buckets.perPeriod(perPeriod, period) : null,
        period);
  }

  @Test
  void twoInstancesShareOneRate() throws Exception {
    String token = "token-" + UUID.randomUUID();
    NoaaRateLimiter a = limiter(token, 5, 0, Duration.ofDays(1));
    NoaaRateLimiter b = limiter(token, 5, 0, Duration.ofDays(1));
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      long start = System.nanoTime();
      Callable<Void> fiveFromA = () -> acquire(a, 5);
      Callable<Void> fiveFromB = () -> acquire(b, 5);
      Future<Void> fa = two.submit(fiveFromA);
      Future<Void> fb = two.submit(fiveFromB);
      fa.get();
      fb.get();
      long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
      // ten permits at 5/s: the first at once, nine more 200 ms apart
      assertTrue(ms >= 1750, "two instances took 10 permits in " + ms + " ms, faster than 5/s");
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void twoInstancesShareOneQuota() throws Exception {
    String token = "token-" + UUID.randomUUID();
    NoaaRateLimiter a = limiter(token, 0, 3, Duration.ofDays(1));
    NoaaRateLimiter b = limiter(token, 0, 3, Duration.ofDays(1));
    a.acquire();
    b.acquire();
    a.acquire();
    assertThrows(QuotaExhaustedException.class, b::acquire);
    assertEquals(0, a.quotaLeft().getAsLong());
    assertTrue(b.spentUntil().isPresent());
  }

  @Test
  void anotherTokenHasItsOwnQuota() throws Exception {
    NoaaRateLimiter spent = limiter("token-" + UUID.randomUUID(), 0, 1, Duration.ofDays(1));
    spent.acquire();
    NoaaRateLimiter other = limiter("token-" + UUID.randomUUID(), 0, 1, Duration.ofDays(1));
    other.acquire();
    assertEquals(0, other.quotaLeft().getAsLong());
  }

  private static Void acquire(NoaaRateLimiter limiter, int permits) throws InterruptedException {
    for (int i = 0; i < permits; i++) {
      limiter.acquire();
    }
    return null;
  }
}
