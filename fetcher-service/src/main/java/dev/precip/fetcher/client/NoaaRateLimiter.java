package dev.precip.fetcher.client;

import dev.precip.fetcher.config.FetcherConfig;
import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Guards every request to NOAA, retries included, with the token's two limits: the daily quota
 * ({@code fetcher.noaa.requests-per-day}), checked first and never waited for, and the per-second
 * rate ({@code fetcher.noaa.requests-per-second}), a bucket of one token refilled every 1/rate
 * seconds so that no burst exceeds it whatever window NOAA counts in. Both buckets live in
 * PostgreSQL, shared by every fetcher instance; a limit of 0 is lifted (offline use only).
 */
@ApplicationScoped
public class NoaaRateLimiter {

  private final Bucket perSecond;
  private final Bucket quota;
  private final Duration quotaPeriod;

  @Inject
  public NoaaRateLimiter(FetcherConfig config, AgroalDataSource postgres) {
    this(
        Optional.of(config.noaa())
            .filter(n -> n.requestsPerSecond() > 0 || n.requestsPerDay() > 0)
            .map(n -> new SharedBuckets(postgres, n.token()))
            .orElse(null),
        config.noaa());
  }

  private NoaaRateLimiter(SharedBuckets shared, FetcherConfig.Noaa noaa) {
    this(
        noaa.requestsPerSecond() > 0 ? shared.perSecond(noaa.requestsPerSecond()) : null,
        noaa.requestsPerDay() > 0
            ? shared.perPeriod(noaa.requestsPerDay(), noaa.quotaPeriod())
            : null,
        noaa.quotaPeriod());
  }

  /** Buckets given directly; {@code null} lifts a limit. */
  NoaaRateLimiter(Bucket perSecond, Bucket quota, Duration quotaPeriod) {
    this.perSecond = perSecond;
    this.quota = quota;
    this.quotaPeriod = quotaPeriod;
  }

  /**
   * Takes one request from the quota, then blocks until the rate allows it.
   *
   * @throws QuotaExhaustedException when the quota is spent; nothing was taken
   */
  public void acquire() throws InterruptedException {
    if (quota != null && !quota.tryConsume(1)) {
      throw new QuotaExhaustedException(QuotaPeriods.nextStart(Instant.now(), quotaPeriod));
    }
    if (perSecond != null) {
      perSecond.asBlocking().consume(1);
    }
  }

  /** Requests left in the current quota period; empty when there is no quota. */
  public OptionalLong quotaLeft() {
    return quota == null ? OptionalLong.empty() : OptionalLong.of(quota.getAvailableTokens());
  }

  /** When the quota is spent, the moment it restarts. */
  public Optional<Instant> pausedUntil() {
    if (quota == null || quota.getAvailableTokens() > 0) {
      return Optional.empty();
    }
    return Optional.of(QuotaPeriods.nextStart(Instant.now(), quotaPeriod));
  }
}
