package dev.precip.metrics.messaging;

import dev.precip.contracts.BatchCommitted;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads batch events from {@code precip.batches.committed}. */
public class BatchCommittedDeserializer extends ObjectMapperDeserializer<BatchCommitted> {

  public BatchCommittedDeserializer() {
    super(BatchCommitted.class);
  }
}
