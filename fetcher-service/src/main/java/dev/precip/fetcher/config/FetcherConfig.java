package dev.precip.fetcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
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

    /**
     * Requests per token per quota period (NOAA allows 10,000 a day). Shared by every fetcher
     * instance through PostgreSQL; when it is spent, jobs pause until the period ends. 0 lifts it.
     */
    @WithDefault("10000")
    int requestsPerDay();

    /**
     * The quota period; it restarts at every whole multiple of it since the epoch, so {@code P1D}
     * restarts at midnight UTC as NOAA's does. Shorter periods are for tests.
     */
    @WithDefault("P1D")
    Duration quotaPeriod();

    /**
     * Largest answer taken as a page, in bytes; a larger one is refused (the page is marked
     * rejected). It must stay under the raw topic producer's {@code max.request.size} (1 MiB by
     * default). NOAA's full pages of 1000 results are about 120 KB.
     */
    @WithDefault("1000000")
    @Min(1024)
    int maxPageBytes();

    /** Results per page; NOAA accepts at most 1000. */
    @WithDefault("1000")
    int pageLimit();

    /**
     * Further requests that must also answer {@code {}} before a window is taken as empty: a
     * spurious {@code {}} for a window that has data would otherwise lose the whole window.
     */
    @WithDefault("1")
    int emptyWindowConfirmations();

    /** Default dataset of a fetch. */
    @WithDefault("PRECIP_15")
    String dataset();
  }

  interface Jobs {
    /** Longest window of one request range; NOAA requires PRECIP_15 windows under one year. */
    @WithDefault("P365D")
    Duration maxWindow();

    /**
     * Pages fetched at once by this instance (each worker holds one claimed page and one database
     * connection). The rate limit is shared, so more workers only help against slow answers. 0 runs
     * no workers (the instance only serves the REST API).
     */
    @WithDefault("4")
    int workers();

    /** How long an idle worker waits before looking for due pages again. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * Wait before a page whose retries were all spent is tried again; it doubles with each failed
     * round up to {@link #retryBackoffMax()}. A page is never given up on unless NOAA rejects it.
     */
    @WithDefault("PT1M")
    Duration retryBackoff();

    /** Longest wait between two failed rounds of the same page. */
    @WithDefault("PT30M")
    Duration retryBackoffMax();

    /**
     * How often the per-job progress gauges are refreshed from the database, as a Quarkus scheduler
     * interval ({@code 15s}); {@code off} disables them.
     */
    @WithDefault("15s")
    String progressGaugesEvery();
  }
}
