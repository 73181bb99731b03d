-- Every maintenance run of every replica, skipped ones included: the history the REST API shows
-- and the health check reads. A run is written when it takes the lock (RUNNING) and again when it
-- ends, so a run whose instance died stays visible until the next run marks it ABANDONED.
CREATE TABLE maintenance_run (
    id              bigserial PRIMARY KEY,
    pass            varchar(16) NOT NULL,
    trigger         varchar(64) NOT NULL,
    instance        varchar(255) NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    outcome         varchar(16) NOT NULL,
    skipped_because text,
    -- per table and step: durations, attempts, errors, figures before and after (TableRun JSON)
    tables          jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX maintenance_run_started_at ON maintenance_run (started_at DESC);
