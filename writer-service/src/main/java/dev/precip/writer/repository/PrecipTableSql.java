package dev.precip.writer.repository;

import dev.precip.writer.service.TableName;
import java.time.Duration;
import java.util.Optional;

/**
 * The writer's SQL. Data never enters the text: a batch travels as one JSON parameter that Trino
 * unnests (one bind, ~25 ms of planning instead of ~250 ms for 500 literal rows), so hostile
 * strings round-trip unchanged. Identifiers come from validated configuration. Public so that the
 * writer benchmark times this very statement shape.
 */
public final class PrecipTableSql {

  /** Column order of the JSON rows bound to {@link #insert()}. */
  static final String ROW_TYPE =
      "ROW(station varchar, datatype varchar, date_raw varchar, observed_at varchar,"
          + " observed_at_ms bigint, value double, attributes array(varchar),"
          + " attributes_raw varchar, ingestion_ts bigint, source_page varchar,"
          + " source_index integer)";

  private static final String ROW_NAMES =
      "r(station, datatype, date_raw, observed_at, observed_at_ms, value, attributes,"
          + " attributes_raw, ingestion_ts, source_page, source_index)";

  private final TableName table;
  private final Optional<Duration> commitRetryMaxWait;

  /** The statements of a table created with Iceberg's own commit retry waits. */
  public PrecipTableSql(TableName table) {
    this(table, Optional.empty());
  }

  /**
   * @param commitRetryMaxWait the longest wait between a commit's attempts, set on the table when
   *     it is created ({@code commit.retry.max-wait-ms}); empty for Iceberg's default
   */
  public PrecipTableSql(TableName table, Optional<Duration> commitRetryMaxWait) {
    this.table = table;
    this.commitRetryMaxWait = commitRetryMaxWait;
  }

  public String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + table.qualifiedSchema();
  }

  /**
   * Times Trino retries a commit that lost to a concurrent one (Iceberg's {@code
   * commit.retry.num-retries}, 4 by default). Several writers and maintenance commit to one table;
   * a statement that exhausts its retries fails and its batch is written again.
   */
  static final int COMMIT_RETRIES = 10;

  /**
   * Monthly partitions prune time-range queries; sorting by station inside each file lets
   * per-station queries skip row groups by min/max statistics.
   */
  public String createTable() {
    return "CREATE TABLE IF NOT EXISTS "
        + table.qualified()
        + " (station varchar NOT NULL, datatype varchar NOT NULL,"
        + " observed_at timestamp(3) NOT NULL, observed_at_ms bigint NOT NULL,"
        + " date_raw varchar NOT NULL, value double NOT NULL, attributes array(varchar),"
        + " attributes_raw varchar NOT NULL, ingestion_ts bigint NOT NULL,"
        + " batch_id varchar NOT NULL, source_page varchar NOT NULL, source_index integer)"
        + " WITH (format = 'PARQUET', format_version = 2,"
        + " partitioning = ARRAY['month(observed_at)'],"
        + " sorted_by = ARRAY['station', 'observed_at'], max_commit_retry = "
        + COMMIT_RETRIES
        + commitRetryMaxWait
            .map(
                wait ->
                    ", extra_properties = MAP(ARRAY['commit.retry.max-wait-ms'], ARRAY['"
                        + wait.toMillis()
                        + "'])")
            .orElse("")
        + ")";
  }

  /**
   * Inserts the batch's rows, all of them: the writer binds only the rows whose keys it claimed in
   * its ledger. Parameters: batch id, rows JSON.
   */
  public String insert() {
    return "INSERT INTO "
        + table.qualified()
        + " (station, datatype, observed_at, observed_at_ms, date_raw, value, attributes,"
        + " attributes_raw, ingestion_ts, batch_id, source_page, source_index)"
        + " SELECT r.station, r.datatype, CAST(r.observed_at AS timestamp(3)), r.observed_at_ms,"
        + " r.date_raw, r.value, r.attributes, r.attributes_raw, r.ingestion_ts, ?,"
        + " r.source_page, r.source_index"
        + " FROM UNNEST(CAST(json_parse(?) AS ARRAY("
        + ROW_TYPE
        + "))) AS "
        + ROW_NAMES;
  }

  /**
   * The earlier dedup, measured against the ledger by the writer benchmark: {@link #insert()} with
   * a natural-key anti-join that skips rows already in the table. Parameters: batch id, rows JSON,
   * first and last observed_at of the batch (they bound the anti-join to the partitions the batch
   * touches). A left join that keeps the unmatched rows, because Trino plans {@code NOT EXISTS}
   * with a distinct aggregation of the existing keys in a stage of its own (~9% slower).
   */
  public String insertNew() {
    return insert()
        + " LEFT JOIN "
        + "(SELECT station, datatype, observed_at FROM "
        + table.qualified()
        + " WHERE observed_at BETWEEN CAST(? AS timestamp(3)) AND CAST(? AS timestamp(3))) t"
        + " ON t.station = r.station AND t.datatype = r.datatype"
        + " AND t.observed_at = CAST(r.observed_at AS timestamp(3))"
        + " WHERE t.station IS NULL";
  }

  /**
   * What makes this table this table: its location (Trino gives each new table a unique one) and
   * creation time. A table dropped and created again under the same name differs in both.
   */
  String identity() {
    return "SELECT key, value FROM "
        + table.metadata("properties")
        + " WHERE key IN ('location', 'created-at') ORDER BY key";
  }

  /**
   * The keys of one batch's rows. Parameters: batch id, first and last observed_at of its claim
   * (they prune the scan to the partitions the batch touched).
   */
  String keysOfBatch() {
    return "SELECT station, datatype, observed_at_ms FROM "
        + table.qualified()
        + " WHERE batch_id = ?"
        + " AND observed_at BETWEEN CAST(? AS timestamp(3)) AND CAST(? AS timestamp(3))";
  }

  /**
   * Counts the statements of a batch still queued or running in Trino: its id travels in the
   * statement's text ({@code EXECUTE IMMEDIATE ... USING '<batch id>', ...}, or {@code EXECUTE ...
   * USING ...}). The id is bound reversed and turned back here, so that this query's own text,
   * which holds the bound value, does not match itself. Parameter: the batch id, reversed.
   */
  static String runningStatements() {
    return "SELECT count(*) FROM system.runtime.queries"
        + " WHERE state NOT IN ('FINISHED', 'FAILED') AND strpos(query, reverse(?)) > 0";
  }

  /** Every row's key and batch: what the ledger starts from for a table written before it. */
  String allKeys() {
    return "SELECT station, datatype, observed_at_ms, batch_id FROM " + table.qualified();
  }

  /** Every batch of the table with its row count and event-time range. */
  String batchSummaries() {
    return "SELECT batch_id, count(*), min(observed_at_ms), max(observed_at_ms) FROM "
        + table.qualified()
        + " GROUP BY batch_id";
  }

  /**
   * The same effect as {@link #insertNew()} as one {@code MERGE ... WHEN NOT MATCHED THEN INSERT},
   * which Iceberg validates against concurrent commits; the alternative the writer benchmark
   * measures. Parameters: rows JSON, first and last observed_at, batch id.
   */
  public String mergeNew() {
    return "MERGE INTO "
        + table.qualified()
        + " t USING (SELECT r.station, r.datatype, CAST(r.observed_at AS timestamp(3)) AS"
        + " observed_at, r.observed_at_ms, r.date_raw, r.value, r.attributes, r.attributes_raw,"
        + " r.ingestion_ts, r.source_page, r.source_index FROM UNNEST(CAST(json_parse(?) AS ARRAY("
        + ROW_TYPE
        + "))) AS "
        + ROW_NAMES
        + ") s ON t.observed_at BETWEEN CAST(? AS timestamp(3)) AND CAST(? AS timestamp(3))"
        + " AND t.station = s.station AND t.datatype = s.datatype AND t.observed_at = s.observed_at"
        + " WHEN NOT MATCHED THEN INSERT (station, datatype, observed_at, observed_at_ms, date_raw,"
        + " value, attributes, attributes_raw, ingestion_ts, batch_id, source_page, source_index)"
        + " VALUES (s.station, s.datatype, s.observed_at, s.observed_at_ms, s.date_raw, s.value,"
        + " s.attributes, s.attributes_raw, s.ingestion_ts, ?, s.source_page, s.source_index)";
  }
}
