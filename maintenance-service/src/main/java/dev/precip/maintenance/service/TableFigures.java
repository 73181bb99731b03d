package dev.precip.maintenance.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The shape of a table at one moment: files, bytes and records of its current snapshot, and how
 * many snapshots and manifests it keeps.
 */
@RegisterForReflection // stored as JSON in the run history and returned by the REST API
public record TableFigures(
    long dataFiles,
    long deleteFiles,
    long totalBytes,
    long records,
    long snapshots,
    long manifests) {}
