package dev.precip.metrics.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The incremental metrics compared with a full recomputation from the data table.
 *
 * @param consistent no station differs
 * @param differences the stations that differ; at rest there are none
 * @param rows rows committed and counted when the comparison ran: while batches flow, a difference
 *     can be a batch committed and not yet counted, and {@code rows.pending()} says how many rows
 */
@RegisterForReflection(targets = {Reconciliation.class, StationDifference.class, RowTotals.class})
public record Reconciliation(
    boolean consistent, List<StationDifference> differences, RowTotals rows) {

  public Reconciliation {
    differences = List.copyOf(differences);
  }

  static Reconciliation of(List<StationDifference> differences, RowTotals rows) {
    return new Reconciliation(differences.isEmpty(), differences, rows);
  }
}
