package dev.precip.noaa.offline.service;

import dev.precip.noaa.offline.config.OfflineSourceConfig;
import io.github.bucket4j.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * NOAA's per-token limits: a token bucket of {@code requests-per-second} (refilled continuously),
 * and a count of requests per UTC day. Requests refused by the per-second limit do not count
 * against the day.
 */
@ApplicationScoped
public class RequestLimits {

  /** Why a request was refused. */
  public enum Verdict {
    ALLOWED,
    PER_SECOND,
    PER_DAY
  }

  private final int perSecond;
  private final int perDay;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> days = new ConcurrentHashMap<>();

  @Inject
  public RequestLimits(OfflineSourceConfig config) {
    this(config.requestsPerSecond(), config.requestsPerDay(), Clock.systemUTC());
  }

  RequestLimits(int perSecond, int perDay, Clock clock) {
    this.perSecond = perSecond;
    this.perDay = perDay;
    this.clock = clock;
  }

  public int perSecond() {
    return perSecond;
  }

  public int perDay() {
    return perDay;
  }

  public Verdict admit(String token) {
    if (perSecond > 0 && !bucket(token).tryConsume(1)) {
      return Verdict.PER_SECOND;
    }
    if (perDay > 0) {
      String day = token + "@" + LocalDate.now(clock.withZone(ZoneOffset.UTC));
      if (days.computeIfAbsent(day, d -> new AtomicInteger()).incrementAndGet() > perDay) {
        return Verdict.PER_DAY;
      }
    }
    return Verdict.ALLOWED;
  }

  private Bucket bucket(String token) {
    return buckets.computeIfAbsent(
        token,
        t ->
            Bucket.builder()
                .addLimit(l -> l.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build());
  }
}
