package dev.precip.writer.service;

import dev.precip.contracts.BatchCommitted;
import java.util.List;

/**
 * The events a written batch produces: its own, and one for each earlier batch found holding some
 * of its rows (whose writer may have died before announcing it).
 */
public record WriteResult(BatchCommitted batch, List<BatchCommitted> reannounced) {}
