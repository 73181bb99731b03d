package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.writer.repository.KeyLedger;
import dev.precip.writer.repository.LedgerBatch;
import dev.precip.writer.repository.PrecipTableRepository;
import dev.precip.writer.repository.UnsettledBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class UnsettledBatchesTest {

  private static final short TABLE = 1;
  private static final List<String> SOURCES = List.of("precip.records/0");
  private static final LedgerBatch CLAIMED = new LedgerBatch("orphan", 2, 1000L, 2000L);
  private static final PrecipRow KEPT = new PrecipRow("COOP:010008", "QPCP", 1000L);

  private final KeyLedger ledger = mock(KeyLedger.class);
  private final PrecipTableRepository table = mock(PrecipTableRepository.class);
  private final List<Long> sleeps = new ArrayList<>();
  private final UnsettledBatches settler =
      new UnsettledBatches(ledger, table, Duration.ofSeconds(20), sleeps::add);

  @Test
  void aBatchTheTableHoldsPartlyKeepsThoseRowsAndIsAnnounced() throws Exception {
    when(ledger.unsettled(TABLE, SOURCES))
        .thenReturn(List.of(new UnsettledBatch(CLAIMED, Duration.ofMinutes(1))));
    when(table.keysOf(CLAIMED)).thenReturn(Set.of(KEPT));
    when(ledger.resolve(TABLE, "orphan", Set.of(KEPT)))
        .thenReturn(new LedgerBatch("orphan", 1, 1000L, 1000L));

    List<BatchCommitted> found = settler.settle(TABLE, SOURCES, Set.of()).found();

    assertEquals(1, found.size());
    assertEquals("orphan", found.get(0).batchId());
    assertEquals(1L, found.get(0).rows());
    assertEquals(List.of(), sleeps, "an old batch with no statement left is judged at once");
  }

  @Test
  void aBatchTheTableDoesNotHoldIsReleasedAndNotAnnounced() throws Exception {
    when(ledger.unsettled(TABLE, SOURCES))
        .thenReturn(List.of(new UnsettledBatch(CLAIMED, Duration.ofMinutes(1))));
    when(table.keysOf(CLAIMED)).thenReturn(Set.of());
    when(ledger.resolve(TABLE, "orphan", Set.of())).thenReturn(null);

    assertEquals(List.of(), settler.settle(TABLE, SOURCES, Set.of()).found());
    verify(ledger).resolve(TABLE, "orphan", Set.of());
  }

  @Test
  void aYoungBatchIsJudgedOnlyOnceItIsAsOldAsTheStatementTimeout() throws Exception {
    when(ledger.unsettled(TABLE, SOURCES))
        .thenReturn(List.of(new UnsettledBatch(CLAIMED, Duration.ofSeconds(5))));
    when(table.keysOf(CLAIMED)).thenReturn(Set.of());

    settler.settle(TABLE, SOURCES, Set.of());

    assertEquals(List.of(15_000L), sleeps);
  }

  @Test
  void aStatementOfTheBatchStillInTrinoIsWaitedForBeforeTheTableIsRead() throws Exception {
    when(ledger.unsettled(TABLE, SOURCES))
        .thenReturn(List.of(new UnsettledBatch(CLAIMED, Duration.ofMinutes(1))));
    when(table.running("orphan")).thenReturn(true, true, false);
    when(table.keysOf(CLAIMED)).thenReturn(Set.of(KEPT));

    settler.settle(TABLE, SOURCES, Set.of());

    assertEquals(2, sleeps.size(), "polled until the statement ended");
    InOrder order = inOrder(table, ledger);
    order.verify(table, org.mockito.Mockito.times(3)).running("orphan");
    order.verify(table).keysOf(CLAIMED);
    order.verify(ledger).resolve(TABLE, "orphan", Set.of(KEPT));
  }

  @Test
  void aBatchThisProcessIsWritingIsLeftAloneAndReported() throws Exception {
    when(ledger.unsettled(TABLE, SOURCES))
        .thenReturn(List.of(new UnsettledBatch(CLAIMED, Duration.ofMillis(3))));

    UnsettledBatches.Settled settled = settler.settle(TABLE, SOURCES, Set.of("orphan"));

    assertEquals(Set.of("orphan"), settled.leftAlone());
    assertEquals(List.of(), settled.found());
    assertEquals(List.of(), sleeps, "not waited for");
    verify(table, never()).keysOf(any());
    verify(ledger, never()).resolve(org.mockito.ArgumentMatchers.anyShort(), anyString(), any());
  }

  @Test
  void noUnsettledBatchReadsNothingFromTrino() throws Exception {
    when(ledger.unsettled(TABLE, SOURCES)).thenReturn(List.of());

    assertEquals(List.of(), settler.settle(TABLE, SOURCES, Set.of()).found());
    verify(table, never()).running(anyString());
    verify(table, never()).keysOf(any());
  }

  @Test
  void aFailedBatchIsSettledAtOnceWithoutWaitingOutItsAge() throws Exception {
    when(table.keysOf(CLAIMED)).thenReturn(Set.of());
    Exception failure = new java.sql.SQLException("Commit failed");

    settler.settleFailed(TABLE, CLAIMED, failure);

    verify(ledger).resolve(TABLE, "orphan", Set.of());
    assertEquals(List.of(), sleeps);
    assertEquals(0, failure.getSuppressed().length);
  }

  @Test
  void aFailedBatchWhoseStatementStillRunsStaysUnsettled() throws Exception {
    when(table.running("orphan")).thenReturn(true);

    settler.settleFailed(TABLE, CLAIMED, new java.sql.SQLException("timeout"));

    verify(table, never()).keysOf(any());
    verify(ledger, never()).resolve(org.mockito.ArgumentMatchers.anyShort(), anyString(), any());
  }

  @Test
  void aFailedBatchTrinoCannotTellAboutStaysUnsettledAndTheProblemIsKept() throws Exception {
    when(table.running("orphan")).thenThrow(new java.sql.SQLException("Trino is down"));
    Exception failure = new java.sql.SQLException("Trino is down");

    settler.settleFailed(TABLE, CLAIMED, failure);

    verify(ledger, never()).resolve(org.mockito.ArgumentMatchers.anyShort(), anyString(), any());
    assertEquals(1, failure.getSuppressed().length);
  }
}
