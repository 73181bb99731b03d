package dev.precip.fetcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the fetcher (prefix {@code fetcher}). */
@ConfigMapping(prefix = "fetcher")
public interface FetcherConfig {

  /**
   * How the NOAA CDO v2 API is called. The base URL is {@code quarkus.rest-client.noaa-api.url}.
   */
  Noaa noaa();

  /** How fetch jobs are run. */
  Jobs jobs();

  interface Noaa {
    /**
     * The NOAA CDO token, sent in the {@code token} header. Comes from the environment ({@code
     * NOAA_TOKEN}) or a Secret; never logged, never returned.
     */
    String token();

    /** Requests per second to NOAA per token (NOAA allows 5); 0 lifts the limit (offline only). */
    @WithDefault("5")
    int requestsPerSecond();

    /** Results per page; NOAA accepts at most 1000. */
    @WithDefault("1000")
    int pageLimit();

    /** Default dataset of a fetch. */
    @WithDefault("PRECIP_15")
    String dataset();
  }

  interface Jobs {
    /** Longest window of one request range; NOAA requires PRECIP_15 windows under one year. */
    @WithDefault("P365D")
    Duration maxWindow();

    /** Fetch jobs running at once in this instance. */
    @WithDefault("2")
    int concurrency();
  }
}
