package dev.precip.maintenance.service;

/** One procedure on one table: how long it took and whether it failed (with Trino's message). */
public record StepResult(String procedure, long durationMs, boolean succeeded, String error) {}
