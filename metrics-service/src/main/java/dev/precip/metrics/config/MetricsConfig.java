package dev.precip.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/** Configuration of the metrics service (prefix {@code metrics}). */
@ConfigMapping(prefix = "metrics")
public interface MetricsConfig {

  /** Where the data and the metrics live in Trino. */
  Tables tables();

  /**
   * How a failed update is retried (Trino down): forever, with backoff; an event is never dropped.
   */
  Retry retry();

  /**
   * Key of the PostgreSQL advisory lock that batch updates share and a recompute takes alone; the
   * same on every instance, different from any other service's key.
   */
  @WithDefault("4242002")
  long lockKey();

  /**
   * How often the watermark gauges are read from PostgreSQL and Trino, as a Quarkus {@code every}
   * (e.g. {@code 30s}); {@code off} stops the gauges.
   */
  @WithDefault("30s")
  String watermarkRefresh();

  interface Tables {
    /** Trino catalog of the Iceberg connector. */
    @WithDefault("iceberg")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String catalog();

    /** Schema of both tables. */
    @WithDefault("noaa")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String schema();

    /** The writer's data table. */
    @WithDefault("precip_15")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String data();

    /** Per-station, per-batch counts; created if missing. */
    @WithDefault("station_batch_metrics")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String partials();

    /** View of total, missing and missing % per station; created or replaced at start. */
    @WithDefault("station_missing")
    @Pattern(regexp = "[a-z_][a-z0-9_]*")
    String view();
  }

  interface Retry {
    @WithDefault("PT1S")
    Duration initialBackoff();

    @WithDefault("PT30S")
    Duration maxBackoff();
  }
}
