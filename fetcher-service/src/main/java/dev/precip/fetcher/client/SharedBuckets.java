package dev.precip.fetcher.client;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Token buckets kept in PostgreSQL (Bucket4j, {@code SELECT ... FOR UPDATE}), so that every fetcher
 * instance using the same NOAA token draws from the same rate and the same daily quota. A bucket's
 * key is a hash of its purpose and the token: the token itself is never stored.
 */
final class SharedBuckets {

  private static final String TABLE = "rate_bucket";

  private final ProxyManager<Long> buckets;
  private final String token;

  SharedBuckets(DataSource postgres, String token) {
    this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(postgres).table(TABLE).build();
    this.token = token;
  }

  /** One request every {@code 1/perSecond} s, no bursts. */
  BucketProxy perSecond(int perSecond) {
    return buckets
        .builder()
        .build(key("per-second:" + perSecond), () -> perSecondConfig(perSecond));
  }

  /** {@code perPeriod} requests, all given back at each whole multiple of {@code period}. */
  BucketProxy perPeriod(int perPeriod, Duration period) {
    return buckets
        .builder()
        .build(
            key("per-period:" + perPeriod + ":" + period),
            () -> perPeriodConfig(perPeriod, period, Instant.now()));
  }

  static BucketConfiguration perSecondConfig(int perSecond) {
    return BucketConfiguration.builder()
        .addLimit(l -> l.capacity(1).refillGreedy(1, Duration.ofNanos(1_000_000_000L / perSecond)))
        .build();
  }

  static BucketConfiguration perPeriodConfig(int perPeriod, Duration period, Instant now) {
    Instant firstRefill = QuotaPeriods.nextStart(now, period);
    return BucketConfiguration.builder()
        .addLimit(
            l -> l.capacity(perPeriod).refillIntervallyAligned(perPeriod, period, firstRefill))
        .build();
  }

  private long key(String purpose) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((purpose + "\n" + token).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
