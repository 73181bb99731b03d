package dev.precip.fetcher.client;

import dev.precip.fetcher.config.FetcherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls NOAA's {@code /data} with the API's retry policy: 5 attempts, exponential backoff from 1 s
 * to 10 s with jitter, on 429, 5xx, timeouts, broken connections and bodies that are not CDO pages.
 * A rejected request (400) and a refused answer ({@link PageRefusedException}) are not retried. The
 * token never leaves this class except in the header.
 *
 * <p>Every attempt first takes a permit from {@link NoaaRateLimiter}; a spent quota ends the call
 * at once. Each request is counted in the caller's {@link RequestTally} and in {@code
 * fetcher.requests} by HTTP status ({@code error} when no status came back). A hung answer is ended
 * by the REST client's read timeout ({@code quarkus.rest-client.noaa-api.read-timeout}), which
 * surfaces as a retried {@link ProcessingException}; {@code @Timeout} only bounds an attempt that
 * ignores it.
 */
@ApplicationScoped
public class NoaaClient {

  private final NoaaDataApi api;
  private final NoaaRateLimiter limiter;
  private final String token;
  private final int maxPageBytes;
  private final MeterRegistry registry;

  public NoaaClient(
      @RestClient NoaaDataApi api,
      NoaaRateLimiter limiter,
      FetcherConfig config,
      MeterRegistry registry) {
    this.api = api;
    this.limiter = limiter;
    this.token = config.noaa().token();
    this.maxPageBytes = config.noaa().maxPageBytes();
    this.registry = registry;
  }

  @Retry(
      maxRetries = 4,
      delay = 1,
      delayUnit = ChronoUnit.SECONDS,
      jitter = 250,
      maxDuration = 120,
      durationUnit = ChronoUnit.SECONDS,
      retryOn = {NoaaTransientException.class, TimeoutException.class, ProcessingException.class},
      abortOn = {
        NoaaRejectedException.class,
        QuotaExhaustedException.class,
        PageRefusedException.class
      })
  @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
  @Timeout(value = 30, unit = ChronoUnit.SECONDS)
  public NoaaPage fetch(PageRequest request, RequestTally tally) throws InterruptedException {
    limiter.acquire();
    tally.requestMade();
    String outcome = "error";
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
      outcome = Integer.toString(response.getStatus());
      byte[] bytes = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
      if (response.getStatus() == 200 && bytes.length > maxPageBytes) {
        throw new PageRefusedException(
            "an answer of "
                + bytes.length
                + " bytes, over fetcher.noaa.max-page-bytes ("
                + maxPageBytes
                + ")");
      }
      // bytes that are not UTF-8 become U+FFFD, which no field's rule accepts: only the records
      // holding them are rejected (by the normalizer), not the whole page
      String body = new String(bytes, StandardCharsets.UTF_8);
      NoaaPage page = NoaaResponses.interpret(response.getStatus(), body, token);
      if (page.results() > request.limit()) {
        throw new PageRefusedException(
            page.results() + " results where the request allowed " + request.limit());
      }
      if (page.isEmpty() && request.offset() > 1) {
        // a window that announced a count has pages up to it: {} here is a fault, not the end
        throw new NoaaTransientException(
            200, "{} at offset " + request.offset() + ", inside the count the window announced");
      }
      return page;
    } finally {
      registry.counter("fetcher.requests", "status", outcome).increment();
    }
  }
}
