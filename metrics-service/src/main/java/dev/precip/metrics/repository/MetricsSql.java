package dev.precip.metrics.repository;

import dev.precip.metrics.config.MetricsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.OptionalLong;

/**
 * The metrics service's Trino SQL; identifiers come from validated configuration. Public for the
 * benchmark, which explains the service's own statements.
 */
public final class MetricsSql {

  /** The reconciliation, kept as a file that people can also run in the Trino CLI. */
  static final String RECONCILE_FILE = "sql/reconcile-metrics.sql";

  private static final String FILE_DATA = "iceberg.noaa.precip_15";
  private static final String FILE_VIEW = "iceberg.noaa.station_missing";

  private final String data;
  private final String partials;
  private final String view;
  private final String schema;

  /** The reconciliation file with this service's view; the data table is set per query. */
  private final String reconcileTemplate;

  public MetricsSql(String catalog, String schema, String data, String partials, String view) {
    this.schema = catalog + "." + schema;
    this.data = this.schema + "." + data;
    this.partials = this.schema + "." + partials;
    this.view = this.schema + "." + view;
    this.reconcileTemplate = withOwnView(readReconcileFile());
  }

  static MetricsSql of(MetricsConfig.Tables tables) {
    return new MetricsSql(
        tables.catalog(), tables.schema(), tables.data(), tables.partials(), tables.view());
  }

  String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + schema;
  }

  /**
   * Columns are nullable because {@link #rebuild()} replaces the table with a CREATE TABLE AS,
   * which cannot declare NOT NULL: both ways of creating it give the same table.
   */
  String createPartials() {
    return "CREATE TABLE IF NOT EXISTS "
        + partials
        + " (station varchar, batch_id varchar, total bigint, missing bigint, applied_at_ms bigint)"
        + " WITH (format = 'PARQUET', format_version = 2)";
  }

  /**
   * Per station: the sum over batches, each (station, batch) taken once however often it was
   * appended; a batch's counts never differ between appends (its rows never change).
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
   * The rows of {@code batches} batches counted per batch and station: each batch's own rows only,
   * found by batch id and pruned to the months the batch touched, all in one scan. Parameters per
   * batch: batch id, then first and last observed_at twice each (null when unknown: a re-announced
   * batch).
   */
  public String countBatches(int batches) {
    String oneBatch =
        "(batch_id = ?"
            + " AND (CAST(? AS timestamp(3)) IS NULL OR observed_at >= CAST(? AS timestamp(3)))"
            + " AND (CAST(? AS timestamp(3)) IS NULL OR observed_at <= CAST(? AS timestamp(3))))";
    return "SELECT batch_id, station, count(*) AS total, count_if(value = 99999) AS missing FROM "
        + data
        + " WHERE "
        + String.join(" OR ", Collections.nCopies(batches, oneBatch))
        + " GROUP BY batch_id, station";
  }

  /**
   * Adds per-station counts of one or more batches: a plain append (one Iceberg commit), whose cost
   * does not grow with the table. Appending a batch twice (a crash before the ledger write, two
   * instances in a rebalance) is harmless: the view counts each (station, batch) once. The counts
   * travel as one JSON parameter that Trino unnests, as the writer's rows do: a VALUES list of
   * bound rows is planned value by value (6.9 s for the ~2,700 rows of 18 batches, measured in the
   * pipeline benchmark). Parameters: applied-at millis, then the rows ({@link CountsJson}).
   */
  String insertCounts() {
    return "INSERT INTO "
        + partials
        + " (station, batch_id, total, missing, applied_at_ms)"
        + " SELECT r.station, r.batch_id, r.total, r.missing, CAST(? AS bigint)"
        + " FROM UNNEST(CAST(json_parse(?) AS ARRAY(ROW(station varchar, batch_id varchar,"
        + " total bigint, missing bigint)))) AS r(station, batch_id, total, missing)";
  }

  /**
   * Replaces the per-batch counts with a recount of the whole data table (as of {@code snapshot}
   * when given), in one commit. Parameter: the applied-at millis.
   */
  String rebuild(OptionalLong snapshot) {
    return "CREATE OR REPLACE TABLE "
        + partials
        + " WITH (format = 'PARQUET', format_version = 2) AS SELECT station, batch_id,"
        + " count(*) AS total, count_if(value = 99999) AS missing,"
        + " CAST(? AS bigint) AS applied_at_ms FROM "
        + dataAt(snapshot)
        + " GROUP BY station, batch_id";
  }

  /** Rows in the data table and rows counted in the metrics, read in one query. */
  String rowTotals() {
    return "SELECT (SELECT count(*) FROM "
        + data
        + "), (SELECT coalesce(sum(total), 0) FROM "
        + view
        + ")";
  }

  String allStations() {
    return "SELECT station, total, missing, missing_pct FROM " + view + " ORDER BY station";
  }

  String oneStation() {
    return "SELECT station, total, missing, missing_pct FROM " + view + " WHERE station = ?";
  }

  /** The stations with the highest missing share, ties by station. Parameter: how many. */
  String worstStations() {
    return "SELECT station, total, missing, missing_pct FROM "
        + view
        + " ORDER BY missing_pct DESC, station FETCH FIRST ? ROWS ONLY";
  }

  /**
   * {@value #RECONCILE_FILE} with this service's table names, reading the data table as of {@code
   * snapshot} when given (so that a recompute compares with the very data it rebuilt from).
   */
  String reconcile(OptionalLong snapshot) {
    return reconcileTemplate.replace(FILE_DATA, dataAt(snapshot));
  }

  /** The data table's current snapshot; no row while the table has none. */
  String currentDataSnapshot() {
    int dot = data.lastIndexOf('.');
    return "SELECT snapshot_id FROM "
        + data.substring(0, dot + 1)
        + "\""
        + data.substring(dot + 1)
        + "$history\" WHERE is_current_ancestor ORDER BY made_current_at DESC LIMIT 1";
  }

  private String dataAt(OptionalLong snapshot) {
    return snapshot.isPresent() ? data + " FOR VERSION AS OF " + snapshot.getAsLong() : data;
  }

  private String withOwnView(String file) {
    if (!file.contains(FILE_DATA) || !file.contains(FILE_VIEW)) {
      throw new IllegalStateException(
          RECONCILE_FILE + " no longer names " + FILE_DATA + " and " + FILE_VIEW);
    }
    String sql = file.replace(FILE_VIEW, view).strip();
    return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
  }

  private static String readReconcileFile() {
    try (InputStream in = MetricsSql.class.getClassLoader().getResourceAsStream(RECONCILE_FILE)) {
      if (in == null) {
        throw new IllegalStateException(RECONCILE_FILE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
