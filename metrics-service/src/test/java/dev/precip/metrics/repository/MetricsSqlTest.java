package dev.precip.metrics.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsSqlTest {

  private final MetricsSql sql = new MetricsSql("lake", "quality", "rows", "parts", "by_station");

  @Test
  void theReconciliationFileRunsAgainstTheConfiguredTables() {
    String reconcile = sql.reconcile();

    assertTrue(reconcile.contains("FROM lake.quality.rows"), reconcile);
    assertTrue(reconcile.contains("FULL OUTER JOIN lake.quality.by_station"), reconcile);
    assertFalse(reconcile.contains("iceberg.noaa."), reconcile);
    assertFalse(reconcile.endsWith(";"), "JDBC takes one statement without its semicolon");
  }

  @Test
  void eachStationOfABatchGetsItsOwnBoundRow() {
    String merge = sql.insertCounts(3);

    assertEquals(3 * 5, merge.chars().filter(c -> c == '?').count());
  }
}
