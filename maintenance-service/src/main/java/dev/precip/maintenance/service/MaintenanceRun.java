package dev.precip.maintenance.service;

import java.time.Instant;
import java.util.List;

/** One maintenance run, or a run that was skipped and why. */
public record MaintenanceRun(
    String trigger,
    Instant startedAt,
    Instant finishedAt,
    RunOutcome outcome,
    String skippedBecause,
    List<TableRun> tables) {}
