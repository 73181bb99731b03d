package dev.precip.metrics.repository;

import dev.precip.metrics.config.MetricsConfig;

/** The metrics service's Trino SQL; identifiers come from validated configuration. */
final class MetricsSql {

  private final String data;
  private final String partials;
  private final String view;
  private final String schema;

  MetricsSql(String catalog, String schema, String data, String partials, String view) {
    this.schema = catalog + "." + schema;
    this.data = this.schema + "." + data;
    this.partials = this.schema + "." + partials;
    this.view = this.schema + "." + view;
  }

  static MetricsSql of(MetricsConfig.Tables tables) {
    return new MetricsSql(
        tables.catalog(), tables.schema(), tables.data(), tables.partials(), tables.view());
  }

  String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + schema;
  }

  String createPartials() {
    return "CREATE TABLE IF NOT EXISTS "
        + partials
        + " (station varchar NOT NULL, batch_id varchar NOT NULL, total bigint NOT NULL,"
        + " missing bigint NOT NULL, applied_at_ms bigint NOT NULL)"
        + " WITH (format = 'PARQUET', format_version = 2)";
  }

  /**
   * Per station: the sum over batches. A batch's row is counted once even if a race ever wrote it
   * twice (same batch, same counts), so the view stays exact.
   */
  String createView() {
    return "CREATE OR REPLACE VIEW "
        + view
        + " AS SELECT station, sum(total) AS total, sum(missing) AS missing,"
        + " round(100.0E0 * sum(missing) / sum(total), 4) AS missing_pct"
        + " FROM (SELECT station, batch_id, max(total) AS total, max(missing) AS missing"
        + " FROM "
        + partials
        + " GROUP BY station, batch_id) GROUP BY station";
  }

  /**
   * Counts one batch's rows per station and inserts the counts unless that batch was already
   * counted: idempotent on batch id. Parameters: batch id, batch id, first and last observed_at
   * (null when unknown), applied-at millis.
   */
  String applyBatch() {
    return "MERGE INTO "
        + partials
        + " m USING (SELECT station, batch_id, count(*) AS total,"
        + " count_if(value = 99999) AS missing FROM "
        + data
        + " WHERE batch_id = ?"
        + " AND (CAST(? AS timestamp(3)) IS NULL OR observed_at >= CAST(? AS timestamp(3)))"
        + " AND (CAST(? AS timestamp(3)) IS NULL OR observed_at <= CAST(? AS timestamp(3)))"
        + " GROUP BY station, batch_id) s"
        + " ON m.batch_id = s.batch_id AND m.station = s.station"
        + " WHEN NOT MATCHED THEN INSERT (station, batch_id, total, missing, applied_at_ms)"
        + " VALUES (s.station, s.batch_id, s.total, s.missing, ?)";
  }

  String allStations() {
    return "SELECT station, total, missing, missing_pct FROM " + view + " ORDER BY station";
  }

  String oneStation() {
    return "SELECT station, total, missing, missing_pct FROM " + view + " WHERE station = ?";
  }
}
