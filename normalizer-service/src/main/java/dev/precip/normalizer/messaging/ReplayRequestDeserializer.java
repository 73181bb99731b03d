package dev.precip.normalizer.messaging;

import dev.precip.normalizer.replay.ReplayRequest;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads replay requests from the control topic. */
public class ReplayRequestDeserializer extends ObjectMapperDeserializer<ReplayRequest> {

  public ReplayRequestDeserializer() {
    super(ReplayRequest.class);
  }
}
