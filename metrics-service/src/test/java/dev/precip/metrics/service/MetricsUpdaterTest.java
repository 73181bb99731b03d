package dev.precip.metrics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.repository.LedgerRepository;
import dev.precip.metrics.repository.LedgerRepository.AppliedBatch;
import dev.precip.metrics.repository.TrinoMetricsRepository;
import dev.precip.metrics.repository.UpdateLock;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class MetricsUpdaterTest {

  private final TrinoMetricsRepository metrics = mock(TrinoMetricsRepository.class);
  private final LedgerRepository ledger = mock(LedgerRepository.class);
  private final UpdateLock lock = mock(UpdateLock.class);
  private final UpdateLock.Held held = mock(UpdateLock.Held.class);
  private final MetricsUpdater updater = new MetricsUpdater(metrics, ledger, lock);
  private final BatchCommitted b1 = new BatchCommitted("b1", 3L, 1000L, 2000L, 3000L, List.of());
  private final BatchCommitted b2 = new BatchCommitted("b2", 1L, 1500L, 1500L, 3100L, List.of());
  private final List<StationCount> b1Counts =
      List.of(new StationCount("S1", 2, 1), new StationCount("S2", 1, 0));
  private final List<StationCount> b2Counts = List.of(new StationCount("S1", 1, 1));

  @BeforeEach
  void lockIsFreeAndLedgerEmpty() throws SQLException {
    when(lock.shared()).thenReturn(held);
    when(ledger.appliedAmong(any())).thenReturn(Set.of());
  }

  @Test
  void aPollIsCountedWithOneQueryAndOneAppendBeforeTheLedgerRecordsIt() throws Exception {
    Map<String, List<StationCount>> counts = Map.of("b1", b1Counts, "b2", b2Counts);
    when(metrics.countBatches(List.of(b1, b2))).thenReturn(counts);

    MetricsUpdater.Applied applied = updater.apply(List.of(b1, b2));

    assertEquals(0, applied.duplicates());
    assertEquals(
        List.of(new MetricsUpdater.Counted(b1, 3, 2), new MetricsUpdater.Counted(b2, 1, 1)),
        applied.counted());
    InOrder order = inOrder(lock, ledger, metrics, held);
    order.verify(lock).shared();
    order.verify(ledger).appliedAmong(Set.of("b1", "b2"));
    order.verify(metrics).countBatches(List.of(b1, b2));
    order.verify(metrics).insertCounts(eq(counts), anyLong());
    ArgumentCaptor<List<AppliedBatch>> recorded = ArgumentCaptor.captor();
    order.verify(ledger).recordApplied(recorded.capture());
    order.verify(held).close();
    assertEquals(
        List.of("b1 3 3000 3", "b2 1 3100 1"),
        recorded.getValue().stream()
            .map(
                b ->
                    b.batchId()
                        + " "
                        + b.announcedRows()
                        + " "
                        + b.committedAtMs()
                        + " "
                        + b.countedRows())
            .toList());
  }

  @Test
  void batchesInTheLedgerAreLeftOutOfTheUpdate() throws Exception {
    when(ledger.appliedAmong(any())).thenReturn(Set.of("b1"));
    when(metrics.countBatches(List.of(b2))).thenReturn(Map.of("b2", b2Counts));

    MetricsUpdater.Applied applied = updater.apply(List.of(b1, b2));

    assertEquals(1, applied.duplicates());
    assertEquals(List.of(new MetricsUpdater.Counted(b2, 1, 1)), applied.counted());
  }

  @Test
  void aBatchAnnouncedTwiceInOnePollIsCountedOnce() throws Exception {
    BatchCommitted reannounced = BatchCommitted.reannounced("b1", 4000L);
    when(metrics.countBatches(List.of(b1))).thenReturn(Map.of("b1", b1Counts));

    MetricsUpdater.Applied applied = updater.apply(List.of(b1, reannounced));

    assertEquals(1, applied.duplicates());
    assertEquals(List.of(new MetricsUpdater.Counted(b1, 3, 2)), applied.counted());
  }

  @Test
  void aPollOfBatchesAllCountedBeforeTouchesNeitherIcebergNorTheLedger() throws Exception {
    when(ledger.appliedAmong(any())).thenReturn(Set.of("b1", "b2"));

    MetricsUpdater.Applied applied = updater.apply(List.of(b1, b2));

    assertEquals(2, applied.duplicates());
    verify(metrics, never()).countBatches(anyList());
    verify(metrics, never()).insertCounts(anyMap(), anyLong());
    verify(ledger, never()).recordApplied(anyList());
    verify(held).close();
  }

  @Test
  void aFailedIcebergUpdateLeavesTheLedgerUntouchedAndReleasesTheLock() throws Exception {
    when(metrics.countBatches(List.of(b1))).thenReturn(Map.of("b1", b1Counts));
    doThrow(new SQLException("trino down")).when(metrics).insertCounts(anyMap(), anyLong());

    assertThrows(SQLException.class, () -> updater.apply(List.of(b1)));

    verify(ledger, never()).recordApplied(anyList());
    verify(held).close();
  }

  @Test
  void aRecomputeInProgressHoldsTheUpdateBeforeItReadsAnything() throws Exception {
    when(lock.shared()).thenThrow(new SQLException("lock wait cancelled"));

    assertThrows(SQLException.class, () -> updater.apply(List.of(b1)));

    verify(ledger, never()).appliedAmong(any());
    verify(metrics, never()).countBatches(anyList());
  }

  @Test
  void aBatchWhoseRowsAreAllDuplicatesIsRecordedWithNothingCounted() throws Exception {
    when(metrics.countBatches(List.of(b1))).thenReturn(Map.of());

    MetricsUpdater.Applied applied = updater.apply(List.of(b1));

    assertEquals(List.of(new MetricsUpdater.Counted(b1, 0, 0)), applied.counted());
    ArgumentCaptor<List<AppliedBatch>> recorded = ArgumentCaptor.captor();
    verify(ledger).recordApplied(recorded.capture());
    assertEquals(0, recorded.getValue().get(0).countedRows());
  }
}
