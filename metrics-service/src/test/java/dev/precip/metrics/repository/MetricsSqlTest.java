package dev.precip.metrics.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MetricsSqlTest {

  private final MetricsSql sql = new MetricsSql("lake", "quality", "rows", "parts", "by_station");

  @Test
  void theReconciliationFileRunsAgainstTheConfiguredTables() {
    String reconcile = sql.reconcile(OptionalLong.empty());

    assertTrue(reconcile.contains("FROM lake.quality.rows"), reconcile);
    assertTrue(reconcile.contains("FULL OUTER JOIN lake.quality.by_station"), reconcile);
    assertFalse(reconcile.contains("iceberg.noaa."), reconcile);
    assertFalse(reconcile.endsWith(";"), "JDBC takes one statement without its semicolon");
  }

  @Test
  void aRecomputeReadsTheDataTableAtOneSnapshot() {
    assertTrue(
        sql.reconcile(OptionalLong.of(7)).contains("FROM lake.quality.rows FOR VERSION AS OF 7"));
    assertTrue(
        sql.rebuild(OptionalLong.of(7)).contains("FROM lake.quality.rows FOR VERSION AS OF 7"));
  }

  @Test
  void countsTravelAsOneBoundJsonParameterWhateverTheirNumber() {
    String insert = sql.insertCounts();

    assertEquals(2, insert.chars().filter(c -> c == '?').count());
    assertTrue(insert.startsWith("INSERT INTO lake.quality.parts "), insert);
  }
}
