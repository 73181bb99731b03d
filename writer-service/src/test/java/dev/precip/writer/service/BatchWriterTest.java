package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.repository.PrecipTableRepository;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

  private final PrecipTableRepository table = mock(PrecipTableRepository.class);
  private final BatchWriter writer = new BatchWriter(table);

  @Test
  void aRecordTwiceInOneBatchIsWrittenOnce() throws Exception {
    PrecipRecord r = BatchRowsTest.record("COOP:010008", 1000L, ",,HI");
    when(table.insertNew(anyString(), anyString(), anyString(), anyString())).thenReturn(1L);

    WriteResult result = writer.write(List.of(r, r));

    assertEquals(1L, result.batch().rows());
    assertEquals(List.of(), result.reannounced());
    verify(table, never()).batchesHolding(anyString(), anyString(), anyString(), anyString());
  }

  @Test
  void theEventCarriesTheBatchsEventTimeRange() throws Exception {
    when(table.insertNew(anyString(), anyString(), anyString(), anyString())).thenReturn(2L);
    WriteResult result =
        writer.write(
            List.of(
                BatchRowsTest.record("COOP:010008", 5000L, ",,HI"),
                BatchRowsTest.record("COOP:010015", 1000L, ",,HI")));
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

    WriteResult result = writer.write(List.of(BatchRowsTest.record("COOP:010008", 1000L, ",,HI")));

    assertEquals(0L, result.batch().rows());
    assertEquals(
        List.of(BatchCommitted.reannounced("earlier-batch", result.batch().committedAtMs())),
        result.reannounced());
  }
}
