package dev.precip.maintenance.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * One maintenance run as the history keeps it, or a run that was skipped and why. {@code
 * scheduledFor} is the cron tick a scheduled run was fired for; null for runs triggered by hand.
 */
@RegisterForReflection // returned by the REST API
public record MaintenanceRun(
    long id,
    Pass pass,
    String trigger,
    Instant scheduledFor,
    String instance,
    Instant startedAt,
    Instant finishedAt,
    RunOutcome outcome,
    String skippedBecause,
    List<TableRun> tables) {}
