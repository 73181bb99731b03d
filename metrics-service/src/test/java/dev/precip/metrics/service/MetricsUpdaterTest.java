package dev.precip.metrics.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.repository.LedgerRepository;
import dev.precip.metrics.repository.TrinoMetricsRepository;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class MetricsUpdaterTest {

  private final TrinoMetricsRepository metrics = mock(TrinoMetricsRepository.class);
  private final LedgerRepository ledger = mock(LedgerRepository.class);
  private final MetricsUpdater updater = new MetricsUpdater(metrics, ledger);
  private final BatchCommitted batch =
      new BatchCommitted("b1", 500L, 1000L, 2000L, 3000L, List.of());

  @Test
  void aNewBatchIsCountedInIcebergBeforeTheLedgerRecordsIt() throws Exception {
    when(ledger.isApplied("b1")).thenReturn(false);
    assertTrue(updater.apply(batch));
    InOrder order = inOrder(metrics, ledger);
    order.verify(metrics).applyBatch(eq("b1"), eq(1000L), eq(2000L), anyLong());
    order.verify(ledger).recordApplied("b1", 500L, 3000L);
  }

  @Test
  void aBatchInTheLedgerIsNotCountedAgain() throws Exception {
    when(ledger.isApplied("b1")).thenReturn(true);
    assertFalse(updater.apply(batch));
    verify(metrics, never()).applyBatch(eq("b1"), eq(1000L), eq(2000L), anyLong());
  }

  @Test
  void aFailedIcebergUpdateLeavesTheLedgerUntouched() throws Exception {
    when(ledger.isApplied("b1")).thenReturn(false);
    doThrow(new SQLException("trino down"))
        .when(metrics)
        .applyBatch(eq("b1"), eq(1000L), eq(2000L), anyLong());
    assertThrows(SQLException.class, () -> updater.apply(batch));
    verify(ledger, never()).recordApplied("b1", 500L, 3000L);
  }

  @Test
  void aReannouncedBatchIsCountedWithoutARangeToPruneBy() throws Exception {
    when(ledger.isApplied("b2")).thenReturn(false);
    updater.apply(BatchCommitted.reannounced("b2", 9L));
    verify(metrics).applyBatch(eq("b2"), eq(null), eq(null), anyLong());
  }
}
