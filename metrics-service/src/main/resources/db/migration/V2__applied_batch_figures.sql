-- What each batch added to the metrics and how long counting it took in Trino: the figures an
-- operator (and the benchmark) reads to see whether aggregation stays flat as the table grows.
-- Null for batches recorded before this column existed.
ALTER TABLE applied_batches ADD COLUMN counted_rows bigint;
ALTER TABLE applied_batches ADD COLUMN aggregation_ms integer;
