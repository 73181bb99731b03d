-- Fetch jobs and their progress. A job is split into windows (each under one year); a window
-- into pages by metadata.resultset.count. Page offset 1 of every window exists from the start;
-- the other offsets are added when offset 1 has told the window's count.

CREATE TABLE fetch_job (
    id           UUID PRIMARY KEY,
    dataset_id   TEXT        NOT NULL,
    start_date   DATE        NOT NULL,
    end_date     DATE        NOT NULL,
    station_ids  TEXT[]      NOT NULL,
    location_id  TEXT,
    datatype_ids TEXT[]      NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- every HTTP request made for the job, retries and failures included (NOAA counts them all)
    requests     BIGINT      NOT NULL DEFAULT 0,
    retries      BIGINT      NOT NULL DEFAULT 0
);

CREATE TABLE fetch_window (
    job_id       UUID    NOT NULL REFERENCES fetch_job (id) ON DELETE CASCADE,
    window_start DATE    NOT NULL,
    window_end   DATE    NOT NULL,
    -- metadata.resultset.count, known once offset 1 was answered (0 for an empty window)
    result_count INTEGER,
    PRIMARY KEY (job_id, window_start)
);

-- The work queue: workers of every fetcher instance claim PENDING pages whose not_before has
-- passed with SELECT ... FOR UPDATE SKIP LOCKED and keep the row locked until the page is
-- published, so no two instances fetch the same page and a killed instance frees its page at once.
CREATE TABLE fetch_page (
    job_id       UUID        NOT NULL,
    window_start DATE        NOT NULL,
    page_offset  INTEGER     NOT NULL,
    state        TEXT        NOT NULL DEFAULT 'PENDING'
                             CHECK (state IN ('PENDING', 'DONE', 'REJECTED')),
    not_before   TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- rounds of retries that ended in failure; the next round waits longer
    failures     INTEGER     NOT NULL DEFAULT 0,
    last_error   TEXT,
    records      INTEGER,
    published_at TIMESTAMPTZ,
    PRIMARY KEY (job_id, window_start, page_offset),
    FOREIGN KEY (job_id, window_start) REFERENCES fetch_window (job_id, window_start) ON DELETE CASCADE
);

CREATE INDEX fetch_page_due ON fetch_page (not_before) WHERE state = 'PENDING';

-- Bucket4j's shared token buckets: the per-second rate and the daily quota of a NOAA token,
-- shared by every fetcher instance. Keys are hashes; the token itself is never stored.
CREATE TABLE rate_bucket (
    id    BIGINT PRIMARY KEY,
    state BYTEA
);
