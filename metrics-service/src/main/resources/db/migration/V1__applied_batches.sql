-- The batches whose rows are counted in the Iceberg metrics: the metrics service's watermark.
-- Keyed by batch id rather than by a max ingestion time, so a batch committed late (stamped
-- earlier than batches already counted) is still counted, exactly once.
CREATE TABLE applied_batches (
    batch_id       varchar(64) PRIMARY KEY,
    announced_rows bigint,
    committed_at   timestamptz NOT NULL,
    applied_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applied_batches_committed_at ON applied_batches (committed_at);
