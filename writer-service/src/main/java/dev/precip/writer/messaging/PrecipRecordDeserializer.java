package dev.precip.writer.messaging;

import dev.precip.contracts.PrecipRecord;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads normalized records from {@code precip.records}. */
public class PrecipRecordDeserializer extends ObjectMapperDeserializer<PrecipRecord> {

  public PrecipRecordDeserializer() {
    super(PrecipRecord.class);
  }
}
