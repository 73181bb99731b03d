package dev.precip.maintenance.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/** One maintenance run as the history keeps it, or a run that was skipped and why. */
@RegisterForReflection // returned by the REST API
public record MaintenanceRun(
    long id,
    Pass pass,
    String trigger,
    String instance,
    Instant startedAt,
    Instant finishedAt,
    RunOutcome outcome,
    String skippedBecause,
    List<TableRun> tables) {}
