package dev.precip.fetcher.client;

import dev.precip.fetcher.config.FetcherConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls NOAA's {@code /data} with the API's retry policy: 5 attempts, exponential backoff from 1 s
 * to 10 s with jitter, on 429, 5xx, timeouts, broken connections and bodies that are not CDO pages.
 * A rejected request (400) is not retried. The token never leaves this class except in the header.
 *
 * <p>Every attempt first takes a permit from {@link NoaaRateLimiter}. A hung answer is ended by the
 * REST client's read timeout ({@code quarkus.rest-client.noaa-api.read-timeout}), which surfaces as
 * a retried {@link ProcessingException}; {@code @Timeout} only bounds an attempt that ignores it.
 */
@ApplicationScoped
public class NoaaClient {

  private final NoaaDataApi api;
  private final NoaaRateLimiter limiter;
  private final String token;

  public NoaaClient(@RestClient NoaaDataApi api, NoaaRateLimiter limiter, FetcherConfig config) {
    this.api = api;
    this.limiter = limiter;
    this.token = config.noaa().token();
  }

  @Retry(
      maxRetries = 4,
      delay = 1,
      delayUnit = ChronoUnit.SECONDS,
      jitter = 250,
      maxDuration = 120,
      durationUnit = ChronoUnit.SECONDS,
      retryOn = {NoaaTransientException.class, TimeoutException.class, ProcessingException.class},
      abortOn = NoaaRejectedException.class)
  @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  public NoaaPage fetch(PageRequest request) throws InterruptedException {
    limiter.acquire();
    try (Response response =
        api.data(
            token,
            request.datasetId(),
            request.startDate(),
            request.endDate(),
            request.stationIds(),
            request.locationId().orElse(null),
            request.datatypeIds(),
            request.limit(),
            request.offset())) {
      String body = response.hasEntity() ? response.readEntity(String.class) : "";
      return NoaaResponses.interpret(response.getStatus(), body);
    }
  }
}
