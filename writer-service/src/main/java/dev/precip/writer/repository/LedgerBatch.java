package dev.precip.writer.repository;

/**
 * A batch as the key ledger records it: the rows it claimed (or, once settled after its writer
 * died, the rows the table holds of it) and their event-time range.
 */
public record LedgerBatch(String batchId, long rows, long eventTimeMinMs, long eventTimeMaxMs) {}
