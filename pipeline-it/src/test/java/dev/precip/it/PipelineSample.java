package dev.precip.it;

import java.util.Map;

/**
 * The whole pipeline at one moment of a benchmark.
 *
 * @param seconds since the services had started (the sampler was made), warm-up included
 * @param counted per stage, its records counter ({@code fetched}, {@code normalized}, {@code
 *     written}, {@code counted}) since its process started
 * @param lag per consumer group, what it has not committed yet: raw pages for the normalizer,
 *     records for the writer, batch events for the metrics service
 * @param usage per process (the five services and the stack's components), memory and CPU time
 * @param dataFiles live data files of the data table, -1 when Trino did not answer
 * @param snapshots live snapshots of the data table, -1 when Trino did not answer
 * @param commits batches the writer has committed to the table over its whole life (its ledger)
 */
record PipelineSample(
    double seconds,
    Map<String, Double> counted,
    Map<String, Long> lag,
    Map<String, ProcessUsage> usage,
    long dataFiles,
    long snapshots,
    long commits) {}
