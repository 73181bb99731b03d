package dev.precip.writer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** A raised batch size raises what a fetch waits for, so batches still arrive full. */
@QuarkusTest
@TestProfile(BatchConsumerConfigTest.Batch2000.class)
class BatchConsumerConfigTest {

  public static class Batch2000 implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("writer.batch.size", "2000");
    }
  }

  @Inject
  @Identifier(BatchConsumerConfig.NAME)
  Map<String, Object> consumer;

  @Test
  void fetchMinBytesFollowsTheBatchSizeUnlessSet() {
    assertEquals(2000, consumer.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
    assertEquals(
        2000 * WriterConfig.Batch.BYTES_PER_RECORD,
        consumer.get(ConsumerConfig.FETCH_MIN_BYTES_CONFIG));
    assertEquals(
        WriterConfig.Batch.BATCHES_PER_FETCH * 2000 * WriterConfig.Batch.BYTES_PER_RECORD,
        consumer.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG));
  }
}
