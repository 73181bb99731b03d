-- Every replica's scheduler fires on the same cron ticks. The run lock keeps two runs from
-- overlapping, but a short run can end before the other replica's run for the same tick begins,
-- and then both would run. A scheduled run claims its tick: at most one run that is not SKIPPED
-- per pass and tick. Runs triggered through the REST API have no tick (NULLs never conflict).
ALTER TABLE maintenance_run ADD COLUMN scheduled_for timestamptz;
CREATE UNIQUE INDEX maintenance_run_one_per_tick
    ON maintenance_run (pass, scheduled_for) WHERE outcome <> 'SKIPPED';
