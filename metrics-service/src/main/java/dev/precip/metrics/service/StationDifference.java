package dev.precip.metrics.service;

/**
 * A station whose incremental metrics differ from a full recomputation; a null side means the
 * station is absent there.
 */
public record StationDifference(
    String station,
    Long recomputedTotal,
    Long incrementalTotal,
    Long recomputedMissing,
    Long incrementalMissing) {}
