package dev.precip.writer.repository;

import java.time.Duration;

/** A batch whose keys are claimed but whose INSERT is not known to have committed, and its age. */
public record UnsettledBatch(LedgerBatch batch, Duration sinceClaim) {}
