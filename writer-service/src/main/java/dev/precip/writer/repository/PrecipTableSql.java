package dev.precip.writer.repository;

import dev.precip.writer.service.TableName;

/**
 * The writer's SQL. Data never enters the text: a batch travels as one JSON parameter that Trino
 * unnests (one bind, ~25 ms of planning instead of ~250 ms for 500 literal rows), so hostile
 * strings round-trip unchanged. Identifiers come from validated configuration. Public so that the
 * writer benchmark times this very statement shape.
 */
public final class PrecipTableSql {

  /** Column order of the JSON rows bound to {@link #insertNew()}. */
  static final String ROW_TYPE =
      "ROW(station varchar, datatype varchar, date_raw varchar, observed_at varchar,"
          + " observed_at_ms bigint, value double, attributes array(varchar),"
          + " attributes_raw varchar, ingestion_ts bigint, source_page varchar,"
          + " source_index integer)";

  private static final String ROW_NAMES =
      "r(station, datatype, date_raw, observed_at, observed_at_ms, value, attributes,"
          + " attributes_raw, ingestion_ts, source_page, source_index)";

  /** Where {@link #insertNew()}'s anti-join starts (benchmarks cut it off to measure its cost). */
  public static final String ANTI_JOIN = " LEFT JOIN ";

  private final TableName table;

  public PrecipTableSql(TableName table) {
    this.table = table;
  }

  public String createSchema() {
    return "CREATE SCHEMA IF NOT EXISTS " + table.qualifiedSchema();
  }

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
        + " sorted_by = ARRAY['station', 'observed_at'])";
  }

  /**
   * Inserts the batch's rows whose natural key is not in the table yet. Parameters: batch id, rows
   * JSON, first and last observed_at of the batch (they bound the anti-join to the partitions the
   * batch touches).
   *
   * <p>The anti-join is a left join that keeps the unmatched rows rather than {@code NOT EXISTS}:
   * the same rows (a row is kept only when no existing row has its key, however many do), but Trino
   * plans {@code NOT EXISTS} with a distinct aggregation of the existing keys in a stage of its
   * own, which costs ~9% of the writer's throughput (bin/bench writer).
   */
  public String insertNew() {
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
        + ROW_NAMES
        + ANTI_JOIN
        + "(SELECT station, datatype, observed_at FROM "
        + table.qualified()
        + " WHERE observed_at BETWEEN CAST(? AS timestamp(3)) AND CAST(? AS timestamp(3))) t"
        + " ON t.station = r.station AND t.datatype = r.datatype"
        + " AND t.observed_at = CAST(r.observed_at AS timestamp(3))"
        + " WHERE t.station IS NULL";
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

  /**
   * Batches other than this one that already hold rows of this batch: they must be (re)announced,
   * because a writer may have died after their INSERT and before their event. Parameters: rows
   * JSON, first and last observed_at, this batch's id.
   */
  String batchesHolding() {
    return "SELECT t.batch_id FROM "
        + table.qualified()
        + " t JOIN (SELECT r.station, r.datatype, CAST(r.observed_at AS timestamp(3)) AS observed_at"
        + " FROM UNNEST(CAST(json_parse(?) AS ARRAY("
        + ROW_TYPE
        + "))) AS "
        + ROW_NAMES
        + ") k ON t.station = k.station AND t.datatype = k.datatype"
        + " AND t.observed_at = k.observed_at"
        + " WHERE t.observed_at BETWEEN CAST(? AS timestamp(3)) AND CAST(? AS timestamp(3))"
        + " AND t.batch_id <> ? GROUP BY t.batch_id";
  }
}
