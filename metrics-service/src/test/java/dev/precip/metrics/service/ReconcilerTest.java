package dev.precip.metrics.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.metrics.repository.TrinoMetricsRepository;
import dev.precip.metrics.repository.UpdateLock;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class ReconcilerTest {

  private final TrinoMetricsRepository metrics = mock(TrinoMetricsRepository.class);
  private final UpdateLock lock = mock(UpdateLock.class);
  private final UpdateLock.Held held = mock(UpdateLock.Held.class);
  private final Reconciler reconciler = new Reconciler(metrics, mock(MetricsUpdater.class), lock);
  private static final OptionalLong SNAPSHOT = OptionalLong.of(42);
  private final StationDifference missedBatch = new StationDifference("S1", 10L, 8L, 2L, 1L);

  @BeforeEach
  void lockIsFree() throws SQLException {
    when(lock.exclusive()).thenReturn(held);
    when(metrics.dataSnapshot()).thenReturn(SNAPSHOT);
    when(metrics.rowTotals()).thenReturn(new RowTotals(10, 10));
  }

  @Test
  void aRecomputeComparesRebuildsAndVerifiesAtOneSnapshotOfTheData() throws Exception {
    when(metrics.reconcile(SNAPSHOT)).thenReturn(List.of(missedBatch), List.of());

    Recompute recompute = reconciler.recompute();

    assertEquals(List.of(missedBatch), recompute.incrementalDifferences());
    assertTrue(recompute.verified());
    InOrder order = inOrder(lock, metrics, held);
    order.verify(lock).exclusive();
    order.verify(metrics).dataSnapshot();
    order.verify(metrics).reconcile(SNAPSHOT);
    order.verify(metrics).rebuild(eq(SNAPSHOT), anyLong());
    order.verify(metrics).reconcile(SNAPSHOT);
    order.verify(held).close();
  }

  @Test
  void aRebuildThatStillDiffersIsReportedUnverified() throws Exception {
    when(metrics.reconcile(SNAPSHOT)).thenReturn(List.of(), List.of(missedBatch));

    Recompute recompute = reconciler.recompute();

    assertFalse(recompute.verified());
    assertEquals(List.of(missedBatch), recompute.remainingDifferences());
  }

  @Test
  void aFailedRebuildReleasesTheLock() throws Exception {
    when(metrics.reconcile(SNAPSHOT)).thenReturn(List.of());
    doThrow(new SQLException("trino down")).when(metrics).rebuild(eq(SNAPSHOT), anyLong());

    assertThrows(SQLException.class, reconciler::recompute);

    verify(held).close();
  }

  @Test
  void reconciliationIsConsistentOnlyWithoutDifferences() throws Exception {
    when(metrics.reconcile(OptionalLong.empty())).thenReturn(List.of(missedBatch));

    Reconciliation reconciliation = reconciler.reconcile();

    assertFalse(reconciliation.consistent());
    assertEquals(List.of(missedBatch), reconciliation.differences());
  }
}
