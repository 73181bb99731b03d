package dev.precip.maintenance.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One procedure on one table: how long it took over how many attempts, whether it failed (with
 * Trino's message), and the table's figures just before and just after it (null where they could
 * not be read).
 */
@RegisterForReflection // stored as JSON in the run history and returned by the REST API
public record StepResult(
    Step step,
    long durationMs,
    int attempts,
    boolean succeeded,
    String error,
    TableFigures before,
    TableFigures after) {}
