package dev.precip.maintenance.service;

/**
 * The shape of a table at one moment, read from its {@code $files}, {@code $snapshots}, {@code
 * $manifests}.
 */
public record TableFigures(
    long dataFiles, long deleteFiles, long totalBytes, long snapshots, long manifests) {}
