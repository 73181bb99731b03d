package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.anyShort;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.OffsetRange;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.repository.KeyLedger;
import dev.precip.writer.repository.LedgerBatch;
import dev.precip.writer.repository.PartitionFence;
import dev.precip.writer.repository.PrecipTableRepository;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class BatchWriterTest {

  private static final short TABLE = 1;

  private static final List<OffsetRange> SOURCE =
      List.of(
          new OffsetRange("precip.records", 0, 7, 8), new OffsetRange("precip.records", 2, 40, 40));

  private static final List<String> SOURCES = List.of("precip.records/0", "precip.records/2");

  private final TableSetup setup = mock(TableSetup.class);
  private final PrecipTableRepository table = mock(PrecipTableRepository.class);
  private final KeyLedger ledger = mock(KeyLedger.class);
  private final UnsettledBatches unsettled = mock(UnsettledBatches.class);
  private final PartitionFence fence = mock(PartitionFence.class);
  private final PartitionFence.Held held = mock(PartitionFence.Held.class);
  private final BatchWriter writer = writer(900_000);

  private BatchWriter writer(int maxStatementChars) {
    WriterConfig config = mock(WriterConfig.class, RETURNS_DEEP_STUBS);
    when(config.batch().maxStatementChars()).thenReturn(maxStatementChars);
    return new BatchWriter(setup, table, ledger, unsettled, fence, config);
  }

  @BeforeEach
  void tableReadyAndFenceGrantedAtOnce() throws Exception {
    when(setup.ensure()).thenReturn(TABLE);
    when(fence.hold(anyList())).thenReturn(held);
    when(unsettled.settle(anyShort(), anyList(), anySet()))
        .thenReturn(new UnsettledBatches.Settled(List.of(), Set.of()));
  }

  /** The ledger claims every key it is offered, as for keys no batch holds yet. */
  private void ledgerClaimsEverything() throws SQLException {
    when(ledger.claim(anyShort(), anyString(), anyList(), anyCollection()))
        .thenAnswer(call -> new HashSet<>(call.<Collection<PrecipRow>>getArgument(3)));
  }

  @Test
  void aRecordTwiceInOneBatchIsClaimedAndWrittenOnce() throws Exception {
    ledgerClaimsEverything();
    PrecipRecord r = BatchRowsTest.record("COOP:010008", 1000L, ",,HI");

    WriteResult result = writer.write(List.of(r, r), SOURCE);

    assertEquals(1L, result.batch().rows());
    assertEquals(List.of(), result.reannounced());
    verify(ledger).claim(eq(TABLE), anyString(), eq(SOURCES), eq(Set.of(PrecipRow.keyOf(r))));
    verify(ledger, never()).holders(anyShort(), anyString(), anyCollection());
  }

  @Test
  void keysAreClaimedBeforeTheInsertAndTheCommitIsRecordedAfterItAllInsideTheFence()
      throws Exception {
    ledgerClaimsEverything();

    WriteResult result =
        writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE);

    String id = result.batch().batchId();
    InOrder order = inOrder(fence, unsettled, ledger, table, held);
    order.verify(fence).hold(SOURCE);
    order.verify(unsettled).settle(eq(TABLE), eq(SOURCES), anySet());
    order.verify(ledger).claim(eq(TABLE), eq(id), eq(SOURCES), anyCollection());
    order.verify(table).insert(eq(id), anyString());
    order.verify(ledger).settle(id);
    order.verify(held).close();
    assertEquals(SOURCE, result.batch().offsets(), "the event names the input it covers");
  }

  @Test
  void onlyTheClaimedRowsAreInsertedAndAnnounced() throws Exception {
    PrecipRecord fresh = BatchRowsTest.record("COOP:010008", 5000L, ",,HI");
    PrecipRecord written = BatchRowsTest.record("COOP:010015", 1000L, ",,HI");
    when(ledger.claim(anyShort(), anyString(), anyList(), anyCollection()))
        .thenReturn(Set.of(PrecipRow.keyOf(fresh)));
    when(ledger.holders(anyShort(), anyString(), anyCollection()))
        .thenReturn(List.of(new LedgerBatch("earlier-batch", 500, 900L, 1100L)));

    WriteResult result = writer.write(List.of(fresh, written), SOURCE);

    ArgumentCaptor<String> json = ArgumentCaptor.forClass(String.class);
    verify(table).insert(eq(result.batch().batchId()), json.capture());
    assertEquals(BatchRows.toJson(List.of(fresh)), json.getValue());
    verify(ledger).holders(TABLE, result.batch().batchId(), List.of(PrecipRow.keyOf(written)));
    assertEquals(1L, result.batch().rows());
    assertEquals(5000L, result.batch().eventTimeMsMin(), "the range of the rows it wrote");
    assertEquals(5000L, result.batch().eventTimeMsMax());
    BatchCommitted again = result.reannounced().get(0);
    assertEquals("earlier-batch", again.batchId());
    assertEquals(500L, again.rows(), "the ledger knows what the earlier batch wrote");
    assertEquals(900L, again.eventTimeMsMin());
    assertEquals(1100L, again.eventTimeMsMax());
  }

  @Test
  void aBatchWhoseKeysAreAllTakenRunsNoStatement() throws Exception {
    when(ledger.claim(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(Set.of());
    when(ledger.holders(anyShort(), anyString(), anyCollection()))
        .thenReturn(List.of(new LedgerBatch("earlier-batch", 1, 1000L, 1000L)));

    WriteResult result =
        writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE);

    verify(table, never()).insert(anyString(), anyString());
    verify(ledger, never()).settle(anyString());
    assertEquals(0L, result.batch().rows());
    assertEquals("earlier-batch", result.reannounced().get(0).batchId());
  }

  @Test
  void batchesSettledOnTheWayAreAnnounced() throws Exception {
    ledgerClaimsEverything();
    BatchCommitted orphan = new BatchCommitted("orphan", 3L, 1L, 2L, 9L, List.of());
    when(unsettled.settle(eq(TABLE), eq(SOURCES), anySet()))
        .thenReturn(new UnsettledBatches.Settled(List.of(orphan), Set.of()));

    WriteResult result =
        writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE);

    assertEquals(List.of(orphan), result.reannounced());
  }

  private static List<PrecipRecord> rows(int count) {
    List<PrecipRecord> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(BatchRowsTest.record("COOP:" + (10000 + i % 400), 1000L * i, ",,HI"));
    }
    return rows;
  }

  @Test
  void aBatchTooLongForOneQueryIsWrittenInSeveralStatementsUnderOneClaim() throws Exception {
    ledgerClaimsEverything();
    List<PrecipRecord> rows = rows(10_000);

    WriteResult result = writer.write(rows, SOURCE);

    verify(ledger, times(1)).claim(anyShort(), anyString(), anyList(), anyCollection());
    verify(table, times(2)).insert(eq(result.batch().batchId()), anyString());
    verify(ledger, times(1)).settle(result.batch().batchId());
    assertEquals(10_000L, result.batch().rows());
  }

  @Test
  void aRaisedStatementLengthWritesTheSameBatchInOneStatement() throws Exception {
    ledgerClaimsEverything();

    WriteResult result = writer(3_000_000).write(rows(10_000), SOURCE);

    verify(table, times(1)).insert(eq(result.batch().batchId()), anyString());
    assertEquals(10_000L, result.batch().rows());
  }

  @Test
  void aFailedInsertLeavesTheBatchUnsettledReleasesTheFenceAndRechecksTheTable() throws Exception {
    ledgerClaimsEverything();
    when(table.insert(anyString(), anyString())).thenThrow(new SQLException("Trino is down"));

    assertThrows(
        SQLException.class,
        () -> writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE));

    verify(ledger, never()).settle(anyString());
    ArgumentCaptor<LedgerBatch> claim = ArgumentCaptor.forClass(LedgerBatch.class);
    verify(unsettled).settleFailed(eq(TABLE), claim.capture(), any(SQLException.class));
    assertEquals(1L, claim.getValue().rows(), "its own claim is settled at once");
    assertEquals(1000L, claim.getValue().eventTimeMinMs());
    verify(held).close();
    verify(setup).recheck();
  }

  @Test
  void aLedgerThatCannotClaimWritesNothing() throws Exception {
    when(ledger.claim(anyShort(), anyString(), anyList(), any()))
        .thenThrow(new SQLException("PostgreSQL is down"));

    assertThrows(
        SQLException.class,
        () -> writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE));

    verify(table, never()).insert(anyString(), anyString());
    verify(held).close();
  }

  private static final PrecipRecord FRESH = BatchRowsTest.record("COOP:010008", 1000L, ",,HI");

  /** Records the batches each settlement is told to leave alone, and finds them unsettled. */
  private List<Set<String>> settlementsLeftAlone() throws SQLException {
    List<Set<String>> leftAlone = new ArrayList<>();
    when(unsettled.settle(anyShort(), anyList(), anySet()))
        .thenAnswer(
            call -> {
              Set<String> writing = Set.copyOf(call.getArgument(2));
              leftAlone.add(writing);
              return new UnsettledBatches.Settled(List.of(), writing);
            });
    return leftAlone;
  }

  @Test
  void aBatchWhoseKeysWereAllClaimedAheadIsInsertedWithoutAnotherClaim() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(true);
    settlementsLeftAlone();

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(FRESH), SOURCE).orElseThrow();
    WriteResult result = writer.write(List.of(FRESH), SOURCE, Optional.of(ahead));

    assertEquals(ahead.batchId(), result.batch().batchId());
    assertEquals(1L, result.batch().rows());
    verify(ledger).claimAll(TABLE, ahead.batchId(), SOURCES, Set.of(PrecipRow.keyOf(FRESH)));
    verify(ledger, never()).claim(anyShort(), anyString(), anyList(), anyCollection());
    verify(table).insert(eq(ahead.batchId()), anyString());
    verify(ledger).settle(ahead.batchId());
  }

  @Test
  void aClaimAheadOfEveryKeyMakesTheInsertReadyAndTheWriteSendsItAsMade() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(true);
    settlementsLeftAlone();
    PrecipRecord other = BatchRowsTest.record("COOP:010015", 2000L, ",,HI");

    BatchWriter.AheadClaim ahead =
        writer.claimAhead(List.of(FRESH, other, FRESH), SOURCE).orElseThrow();
    writer.write(List.of(FRESH, other, FRESH), SOURCE, Optional.of(ahead));

    String ready = ahead.rows().orElseThrow().statements().get(0).json();
    assertEquals(BatchRows.toJson(List.of(FRESH, other)), ready);
    // the very string made ahead, not one made again in the write
    verify(table).insert(eq(ahead.batchId()), same(ready));
  }

  @Test
  void aRefusedClaimAheadMakesNothingReady() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(false);

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(FRESH), SOURCE).orElseThrow();

    assertTrue(ahead.rows().isEmpty(), "rows made ready for a claim that holds some keys only");
  }

  @Test
  void aClaimAheadWhoseRowsCannotBeMadeReadyStandsAndItsWriteKeepsIt() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(true);
    List<Set<String>> leftAlone = settlementsLeftAlone();
    // no attributes: the statement's JSON cannot be made (the consumer parks such records)
    PrecipRecord unready =
        new PrecipRecord(
            "COOP:010008", "QPCP", "2010-05-01T00:15:00", 1000L, 3, null, "", 7L, FRESH.page(), 3);

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(unready), SOURCE).orElseThrow();
    assertThrows(
        NullPointerException.class,
        () -> writer.write(List.of(unready), SOURCE, Optional.of(ahead)));

    assertTrue(ahead.claimedAll(), "the claim of every key stands");
    assertTrue(ahead.rows().isEmpty(), "no rows made ready");
    assertEquals(List.of(Set.of(ahead.batchId())), leftAlone);
    verify(ledger, never()).claim(anyShort(), anyString(), anyList(), anyCollection());
  }

  @Test
  void aReleasedClaimAheadThatGetsBackSomeKeysInsertsThoseRowsOnly() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(true);
    PrecipRecord taken = BatchRowsTest.record("COOP:010015", 2000L, ",,HI");
    // another writer released the claim, and a batch of its own claimed one key meanwhile
    when(ledger.claim(anyShort(), anyString(), anyList(), anyCollection()))
        .thenReturn(Set.of(PrecipRow.keyOf(FRESH)));
    when(ledger.holders(anyShort(), anyString(), anyList())).thenReturn(List.of());

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(FRESH, taken), SOURCE).orElseThrow();
    WriteResult result = writer.write(List.of(FRESH, taken), SOURCE, Optional.of(ahead));

    verify(table).insert(ahead.batchId(), BatchRows.toJson(List.of(FRESH)));
    assertEquals(1L, result.batch().rows());
  }

  @Test
  void theSettlementLeavesAClaimAheadAloneOnlyUntilItsWriteIsOver() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(true);
    ledgerClaimsEverything();
    List<Set<String>> leftAlone = settlementsLeftAlone();

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(FRESH), SOURCE).orElseThrow();
    writer.write(List.of(FRESH), SOURCE, Optional.of(ahead));
    writer.write(List.of(FRESH), SOURCE);

    assertEquals(List.of(Set.of(ahead.batchId()), Set.of()), leftAlone);
  }

  @Test
  void aSettlementRunningWhileAClaimAheadCommitsLeavesItAlone() throws Exception {
    ledgerClaimsEverything();
    List<Set<String>> leftAlone = settlementsLeftAlone();
    AtomicReference<String> claiming = new AtomicReference<>();
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection()))
        .thenAnswer(
            call -> {
              claiming.set(call.getArgument(1));
              // the partition's previous batch is written, and settles, as the claim commits
              writer.write(List.of(BatchRowsTest.record("COOP:010015", 1000L, ",,HI")), SOURCE);
              return true;
            });

    writer.claimAhead(List.of(FRESH), SOURCE);

    assertEquals(List.of(Set.of(claiming.get())), leftAlone);
  }

  @Test
  void aClaimAheadThatAnotherWriterReleasedIsClaimedAgainInsideTheFence() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(true);
    ledgerClaimsEverything();

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(FRESH), SOURCE).orElseThrow();
    writer.write(List.of(FRESH), SOURCE, Optional.of(ahead));

    InOrder order = inOrder(fence, unsettled, ledger, table);
    order.verify(fence).hold(SOURCE);
    order.verify(unsettled).settle(eq(TABLE), eq(SOURCES), anySet());
    order.verify(ledger).claim(eq(TABLE), eq(ahead.batchId()), eq(SOURCES), anyCollection());
    order.verify(table).insert(eq(ahead.batchId()), anyString());
  }

  @Test
  void aRefusedClaimAheadClaimsWhatIsFreeOnlyAfterTheSettlement() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(false);
    when(ledger.claimFree(anyShort(), anyString(), anyList(), anyCollection()))
        .thenReturn(Set.of(PrecipRow.keyOf(FRESH)));

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(FRESH), SOURCE).orElseThrow();
    writer.write(List.of(FRESH), SOURCE, Optional.of(ahead));

    InOrder order = inOrder(unsettled, ledger, table);
    order.verify(unsettled).settle(eq(TABLE), eq(SOURCES), anySet());
    order.verify(ledger).claimFree(eq(TABLE), eq(ahead.batchId()), eq(SOURCES), anyCollection());
    order.verify(table).insert(eq(ahead.batchId()), anyString());
    verify(ledger, never()).claim(anyShort(), anyString(), anyList(), anyCollection());
  }

  @Test
  void aClaimAheadWhoseWriteFailsBeforeItsInsertIsReleased() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection())).thenReturn(true);
    when(fence.hold(anyList())).thenThrow(new SQLException("lock timeout"));

    BatchWriter.AheadClaim ahead = writer.claimAhead(List.of(FRESH), SOURCE).orElseThrow();
    assertThrows(
        SQLException.class, () -> writer.write(List.of(FRESH), SOURCE, Optional.of(ahead)));

    verify(ledger).resolve(TABLE, ahead.batchId(), Set.of());
    verify(table, never()).insert(anyString(), anyString());
  }

  @Test
  void aClaimAheadThatCannotBeMadeLeavesTheClaimToTheWrite() throws Exception {
    when(ledger.claimAll(anyShort(), anyString(), anyList(), anyCollection()))
        .thenThrow(new SQLException("PostgreSQL is down"));

    assertEquals(Optional.empty(), writer.claimAhead(List.of(FRESH), SOURCE));
  }
}
