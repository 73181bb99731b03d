package dev.precip.metrics.service;

/**
 * Rows in the data table and rows counted in the metrics, read at one moment; their difference is
 * the rows committed but not yet aggregated.
 */
public record RowTotals(long committed, long counted) {

  public long pending() {
    return committed - counted;
  }
}
