package dev.precip.writer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A poll of one partition returns at most one fetch: the fetch must hold a full batch. */
class PartitionFetchBytesTest {

  private static WriterConfig.Batch batchOf(int size) {
    WriterConfig.Batch batch = mock(WriterConfig.Batch.class, CALLS_REAL_METHODS);
    when(batch.size()).thenReturn(size);
    when(batch.minBytes()).thenReturn(Optional.empty());
    return batch;
  }

  @Test
  void kafkasDefaultHoldsBatchesOfUpToAFewThousandRows() {
    assertEquals(
        WriterConfig.Batch.DEFAULT_PARTITION_FETCH_BYTES, batchOf(2000).partitionFetchBytes());
  }

  @Test
  void aLargerBatchGetsTwiceTheBytesItWaitsFor() {
    assertEquals(
        2 * 10_000 * WriterConfig.Batch.BYTES_PER_RECORD, batchOf(10_000).partitionFetchBytes());
  }
}
