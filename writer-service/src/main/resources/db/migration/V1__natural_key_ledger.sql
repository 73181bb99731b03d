-- The writer's ledger: which batch wrote (or is writing) each natural key of an Iceberg table.
-- A batch claims its keys here, in a committed transaction, before its Trino INSERT, and inserts
-- only the rows it claimed; a key is therefore written once, however often its record arrives.

-- One row per Iceberg table. The generation is a random id the writer stores in the Iceberg
-- table's own properties: a table dropped and created again has a new one, and its ledger is
-- cleared instead of refusing the new table's rows as already written.
CREATE TABLE ledger_tables (
    id         smallint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_name text NOT NULL UNIQUE,
    generation text,
    seeded_at  timestamptz
);

-- Every batch with claimed keys. committed_at stays null until the batch's INSERT is known to
-- have committed; such a batch (its writer died or lost Trino mid-statement) is settled by the
-- next writer of its partitions against what the Iceberg table holds.
CREATE TABLE batches (
    batch_id          text PRIMARY KEY,
    table_id          smallint NOT NULL REFERENCES ledger_tables (id),
    sources           text[] NOT NULL,
    rows              bigint NOT NULL,
    event_time_min_ms bigint NOT NULL,
    event_time_max_ms bigint NOT NULL,
    claimed_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    committed_at      timestamptz
);
CREATE INDEX batches_unsettled ON batches (table_id) WHERE committed_at IS NULL;

CREATE TABLE natural_keys (
    table_id       smallint NOT NULL,
    station        text NOT NULL,
    datatype       text NOT NULL,
    observed_at_ms bigint NOT NULL,
    batch_id       text NOT NULL,
    PRIMARY KEY (table_id, station, datatype, observed_at_ms)
);
CREATE INDEX natural_keys_batch ON natural_keys (batch_id);
