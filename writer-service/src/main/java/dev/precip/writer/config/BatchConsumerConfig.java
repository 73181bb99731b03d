package dev.precip.writer.config;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The records consumer's batching, from {@code writer.batch.*}: Kafka hands the writer at most
 * {@code size} records per poll, waiting up to {@code max-wait} for {@code min-bytes} to gather.
 */
@ApplicationScoped
public class BatchConsumerConfig {

  /** Referenced by {@code kafka-configuration} of the records channel. */
  public static final String NAME = "writer-batch-consumer";

  @Produces
  @Identifier(NAME)
  Map<String, Object> batchConsumer(WriterConfig config) {
    return Map.of(
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batch().size(),
        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.batch().fetchMinBytes(),
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.batch().partitionFetchBytes(),
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.batch().maxWait().toMillis());
  }
}
