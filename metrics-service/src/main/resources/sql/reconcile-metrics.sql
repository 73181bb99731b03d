-- Compares the incremental per-station metrics with a full recomputation from the data table.
-- Each row returned is a station whose counts differ (a null side: the station is missing there);
-- no row means the metrics are exact. While batches are still flowing, a batch committed but not
-- yet counted shows up here too: compare at rest, or read rows_pending from GET /metrics/watermark.
--
-- Runs as it is in the Trino CLI for the default names. The metrics service runs this same file
-- (GET /metrics/reconciliation, POST /metrics/recompute) with its configured names in place of
-- iceberg.noaa.precip_15 and iceberg.noaa.station_missing.
WITH recomputed AS (
    SELECT station, count(*) AS total, count_if(value = 99999) AS missing
    FROM iceberg.noaa.precip_15
    GROUP BY station
)
SELECT coalesce(r.station, i.station) AS station,
       r.total AS recomputed_total,
       i.total AS incremental_total,
       r.missing AS recomputed_missing,
       i.missing AS incremental_missing
FROM recomputed r
FULL OUTER JOIN iceberg.noaa.station_missing i ON r.station = i.station
WHERE r.total IS DISTINCT FROM i.total OR r.missing IS DISTINCT FROM i.missing
ORDER BY 1
