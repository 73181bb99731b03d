package dev.precip.noaa.offline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Configuration of the offline NOAA source (prefix {@code noaa-offline}). */
@ConfigMapping(prefix = "noaa-offline")
public interface OfflineSourceConfig {

  /** Seed of the deterministic data; the same seed always serves the same data. */
  @WithDefault("20100501")
  long seed();

  /** Number of generated stations. */
  @WithDefault("20")
  int stationCount();

  /**
   * Share of generated observations served with a malformed {@code attributes} (units only, no flag
   * slots), which the normalizer must send to the dead-letter topic; 0 in normal use.
   */
  @WithDefault("0")
  @DecimalMin("0")
  @DecimalMax("1")
  double malformedShare();

  /** Tokens accepted in the {@code token} header. */
  @WithDefault("offline-token")
  Set<String> tokens();

  /** Requests per second per token before NOAA's 429; 0 lifts the limit (benchmarks). */
  @WithDefault("5")
  @Min(0)
  int requestsPerSecond();

  /** Requests per UTC day per token before the daily-quota 429; 0 lifts the quota. */
  @WithDefault("10000")
  @Min(0)
  int requestsPerDay();

  /**
   * JSON-lines files of a hostile-input corpus, served instead of generated data (see {@code
   * HostileCorpus}); absent in normal use.
   */
  Optional<List<Path>> corpus();

  /** Injected faults, decided per request and attempt from a seed, so a bad day is reproducible. */
  Faults faults();

  interface Faults {
    /** Seed of the fault decisions. */
    @WithDefault("1")
    long seed();

    /** Share of requests answered 500 with NOAA's {@code statusCode} envelope. */
    @WithDefault("0")
    @DecimalMin("0")
    @DecimalMax("1")
    double serverError();

    /** Share answered 502 with a proxy's HTML error page. */
    @WithDefault("0")
    @DecimalMin("0")
    @DecimalMax("1")
    double badGateway();

    /** Share answered 200 with an HTML page instead of JSON. */
    @WithDefault("0")
    @DecimalMin("0")
    @DecimalMax("1")
    double html();

    /** Share answered 200 with the page cut in half. */
    @WithDefault("0")
    @DecimalMin("0")
    @DecimalMax("1")
    double truncated();

    /** Share answered 200 with {@code {}} although the page has data. */
    @WithDefault("0")
    @DecimalMin("0")
    @DecimalMax("1")
    double empty();

    /** Share answered only after {@link #slowDelay()} (past the client's timeout). */
    @WithDefault("0")
    @DecimalMin("0")
    @DecimalMax("1")
    double slow();

    /** How late a slow answer comes. */
    @WithDefault("PT35S")
    Duration slowDelay();
  }
}
