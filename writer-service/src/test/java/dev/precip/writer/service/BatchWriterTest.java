package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.OffsetRange;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.repository.PartitionFence;
import dev.precip.writer.repository.PrecipTableRepository;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class BatchWriterTest {

  private static final List<OffsetRange> SOURCE =
      List.of(
          new OffsetRange("precip.records", 0, 7, 8), new OffsetRange("precip.records", 2, 40, 40));

  private final PrecipTableRepository table = mock(PrecipTableRepository.class);
  private final PartitionFence fence = mock(PartitionFence.class);
  private final PartitionFence.Held held = mock(PartitionFence.Held.class);
  private final BatchWriter writer = new BatchWriter(table, fence);

  @BeforeEach
  void fenceGrantsAtOnce() throws Exception {
    when(fence.hold(anyList())).thenReturn(held);
  }

  @Test
  void aRecordTwiceInOneBatchIsWrittenOnce() throws Exception {
    PrecipRecord r = BatchRowsTest.record("COOP:010008", 1000L, ",,HI");
    when(table.insertNew(anyString(), anyString(), anyString(), anyString())).thenReturn(1L);

    WriteResult result = writer.write(List.of(r, r), SOURCE);

    assertEquals(1L, result.batch().rows());
    assertEquals(List.of(), result.reannounced());
    verify(table, never()).batchesHolding(anyString(), anyString(), anyString(), anyString());
  }

  @Test
  void theInsertRunsWhileThePartitionsOfTheBatchAreFenced() throws Exception {
    when(table.insertNew(anyString(), anyString(), anyString(), anyString())).thenReturn(1L);

    WriteResult result =
        writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE);

    InOrder order = inOrder(fence, table, held);
    order.verify(fence).hold(SOURCE);
    order.verify(table).insertNew(anyString(), anyString(), anyString(), anyString());
    order.verify(held).close();
    assertEquals(SOURCE, result.batch().offsets(), "the event names the input it covers");
  }

  @Test
  void aBatchTooLongForOneQueryIsWrittenInSeveralStatementsUnderOneFence() throws Exception {
    List<PrecipRecord> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(BatchRowsTest.record("COOP:" + (10000 + i % 400), 1000L * i, ",,HI"));
    }
    when(table.insertNew(anyString(), anyString(), anyString(), anyString())).thenReturn(5000L);
    int statements = BatchRows.statements(rows, BatchWriter.MAX_QUERY_CHARS).size();

    WriteResult result = writer.write(rows, SOURCE);

    verify(fence).hold(SOURCE);
    assertEquals(2, statements, "10,000 rows need two statements");
    verify(table, times(2)).insertNew(anyString(), anyString(), anyString(), anyString());
    assertEquals(10_000L, result.batch().rows());
  }

  @Test
  void aFailedInsertStillReleasesTheFence() throws Exception {
    when(table.insertNew(anyString(), anyString(), anyString(), anyString()))
        .thenThrow(new SQLException("Trino is down"));

    assertThrows(
        SQLException.class,
        () -> writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE));

    verify(held).close();
  }

  @Test
  void theEventCarriesTheBatchsEventTimeRange() throws Exception {
    when(table.insertNew(anyString(), anyString(), anyString(), anyString())).thenReturn(2L);
    WriteResult result =
        writer.write(
            List.of(
                BatchRowsTest.record("COOP:010008", 5000L, ",,HI"),
                BatchRowsTest.record("COOP:010015", 1000L, ",,HI")),
            SOURCE);
    assertEquals(1000L, result.batch().eventTimeMsMin());
    assertEquals(5000L, result.batch().eventTimeMsMax());
    verify(table)
        .insertNew(
            eq(result.batch().batchId()),
            anyString(),
            eq("1970-01-01 00:00:01.000"),
            eq("1970-01-01 00:00:05.000"));
  }

  @Test
  void rowsAlreadyInTheTableReannounceTheBatchesHoldingThem() throws Exception {
    when(table.insertNew(anyString(), anyString(), anyString(), anyString())).thenReturn(0L);
    when(table.batchesHolding(anyString(), anyString(), anyString(), anyString()))
        .thenReturn(List.of("earlier-batch"));

    WriteResult result =
        writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")), SOURCE);

    assertEquals(0L, result.batch().rows());
    assertEquals(
        List.of(BatchCommitted.reannounced("earlier-batch", result.batch().committedAtMs())),
        result.reannounced());
  }
}
