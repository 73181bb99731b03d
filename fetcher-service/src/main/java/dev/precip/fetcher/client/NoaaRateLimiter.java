package dev.precip.fetcher.client;

import dev.precip.fetcher.config.FetcherConfig;
import io.github.bucket4j.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Spaces requests to NOAA evenly at {@code fetcher.noaa.requests-per-second}: a bucket of one token
 * refilled every 1/rate seconds, so no burst ever exceeds the per-second limit, whatever window
 * NOAA counts in. Every attempt, retries included, takes a token.
 */
@ApplicationScoped
public class NoaaRateLimiter {

  private final Bucket bucket;

  @Inject
  public NoaaRateLimiter(FetcherConfig config) {
    this(config.noaa().requestsPerSecond());
  }

  NoaaRateLimiter(int requestsPerSecond) {
    this.bucket =
        requestsPerSecond <= 0
            ? null
            : Bucket.builder()
                .addLimit(
                    l ->
                        l.capacity(1)
                            .refillGreedy(1, Duration.ofNanos(1_000_000_000L / requestsPerSecond)))
                .build();
  }

  /** Blocks until the next request may go. */
  public void acquire() throws InterruptedException {
    if (bucket != null) {
      bucket.asBlocking().consume(1);
    }
  }
}
