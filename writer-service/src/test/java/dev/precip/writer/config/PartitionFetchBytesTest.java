package dev.precip.writer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/**
 * A poll of one partition returns at most the rest of one fetch: a fetch holds many full batches,
 * so that few batches are cut short at its end.
 */
class PartitionFetchBytesTest {

  private static WriterConfig.Batch batchOf(int size) {
    WriterConfig.Batch batch = mock(WriterConfig.Batch.class, CALLS_REAL_METHODS);
    when(batch.size()).thenReturn(size);
    when(batch.minBytes()).thenReturn(Optional.empty());
    return batch;
  }

  @Test
  void kafkasDefaultHoldsSixteenDefaultBatches() {
    assertEquals(
        WriterConfig.Batch.DEFAULT_PARTITION_FETCH_BYTES, batchOf(500).partitionFetchBytes());
  }

  @Test
  void aLargerBatchGetsSixteenTimesTheBytesItWaitsFor() {
    assertEquals(
        16 * 2000 * WriterConfig.Batch.BYTES_PER_RECORD, batchOf(2000).partitionFetchBytes());
  }

  @Test
  void theLargestBatchStillFitsOneWholeFetchOfTheConsumer() {
    assertTrue(
        batchOf(10_000).partitionFetchBytes() <= ConsumerConfig.DEFAULT_FETCH_MAX_BYTES,
        "one partition's fetch would exceed what a consumer's whole fetch may hold");
  }
}
