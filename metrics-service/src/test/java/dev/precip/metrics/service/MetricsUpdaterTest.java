package dev.precip.metrics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
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
import dev.precip.metrics.repository.UpdateLock;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class MetricsUpdaterTest {

  private final TrinoMetricsRepository metrics = mock(TrinoMetricsRepository.class);
  private final LedgerRepository ledger = mock(LedgerRepository.class);
  private final UpdateLock lock = mock(UpdateLock.class);
  private final UpdateLock.Held held = mock(UpdateLock.Held.class);
  private final MetricsUpdater updater = new MetricsUpdater(metrics, ledger, lock);
  private final BatchCommitted batch = new BatchCommitted("b1", 3L, 1000L, 2000L, 3000L, List.of());
  private final List<StationCount> counts =
      List.of(new StationCount("S1", 2, 1), new StationCount("S2", 1, 0));

  @BeforeEach
  void lockIsFree() throws SQLException {
    when(lock.shared()).thenReturn(held);
  }

  @Test
  void aNewBatchIsCountedInIcebergBeforeTheLedgerRecordsIt() throws Exception {
    when(metrics.countBatch("b1", 1000L, 2000L)).thenReturn(counts);

    MetricsUpdater.Applied applied = updater.apply(batch);

    assertTrue(applied.fresh());
    assertEquals(3, applied.rows());
    assertEquals(2, applied.stations());
    InOrder order = inOrder(lock, ledger, metrics, held);
    order.verify(lock).shared();
    order.verify(ledger).isApplied("b1");
    order.verify(metrics).countBatch("b1", 1000L, 2000L);
    order.verify(metrics).insertCounts(eq("b1"), eq(counts), anyLong());
    order.verify(ledger).recordApplied(eq("b1"), eq(3L), eq(3000L), eq(3L), anyLong());
    order.verify(held).close();
  }

  @Test
  void aBatchInTheLedgerIsNotCountedAgain() throws Exception {
    when(ledger.isApplied("b1")).thenReturn(true);

    assertFalse(updater.apply(batch).fresh());

    verify(metrics, never()).countBatch(anyString(), any(), any());
    verify(metrics, never()).insertCounts(anyString(), any(), anyLong());
    verify(held).close();
  }

  @Test
  void aFailedIcebergUpdateLeavesTheLedgerUntouchedAndReleasesTheLock() throws Exception {
    when(metrics.countBatch("b1", 1000L, 2000L)).thenReturn(counts);
    doThrow(new SQLException("trino down"))
        .when(metrics)
        .insertCounts(eq("b1"), eq(counts), anyLong());

    assertThrows(SQLException.class, () -> updater.apply(batch));

    verify(ledger, never()).recordApplied(anyString(), any(), anyLong(), anyLong(), anyLong());
    verify(held).close();
  }

  @Test
  void aRecomputeInProgressHoldsTheUpdateBeforeItReadsAnything() throws Exception {
    when(lock.shared()).thenThrow(new SQLException("lock wait cancelled"));

    assertThrows(SQLException.class, () -> updater.apply(batch));

    verify(ledger, never()).isApplied(anyString());
    verify(metrics, never()).countBatch(anyString(), any(), any());
  }

  @Test
  void aReannouncedBatchIsCountedWithoutARangeToPruneBy() throws Exception {
    when(metrics.countBatch("b2", null, null)).thenReturn(counts);

    MetricsUpdater.Applied applied = updater.apply(BatchCommitted.reannounced("b2", 9L));

    assertEquals(3, applied.rows());
    verify(ledger).recordApplied(eq("b2"), eq(null), eq(9L), eq(3L), anyLong());
  }

  @Test
  void aBatchWhoseRowsAreAllDuplicatesIsRecordedWithNothingCounted() throws Exception {
    when(metrics.countBatch("b1", 1000L, 2000L)).thenReturn(List.of());

    MetricsUpdater.Applied applied = updater.apply(batch);

    assertTrue(applied.fresh());
    assertEquals(0, applied.rows());
    verify(ledger).recordApplied(eq("b1"), eq(3L), eq(3000L), eq(0L), anyLong());
  }
}
