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
  private volatile Instant spentUntil = Instant.EPOCH;

  @Inject
  public NoaaRateLimiter(FetcherConfig config, AgroalDataSource postgres) {
    this(new SharedBuckets(postgres, config.noaa().token()), config.noaa());
  }

  /** Building the shared buckets touches no database; only their use does. */
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
      Instant restart = quotaRestart();
      spentUntil = restart;
      throw new QuotaExhaustedException(restart);
    }
    if (perSecond != null) {
      perSecond.asBlocking().consume(1);
    }
  }

  /** Requests left in the current quota period; empty when there is no quota. */
  public OptionalLong quotaLeft() {
    return quota == null ? OptionalLong.empty() : OptionalLong.of(quota.getAvailableTokens());
  }

  /**
   * When this instance last found the quota spent, the moment it restarts; no database read, so
   * workers can ask before every page. Other instances learn it from their own refused request.
   */
  public Optional<Instant> spentUntil() {
    Instant until = spentUntil;
    return until.isAfter(Instant.now()) ? Optional.of(until) : Optional.empty();
  }

  /** The start of the next quota period. */
  public Instant quotaRestart() {
    return QuotaPeriods.nextStart(Instant.now(), quotaPeriod);
  }
}
