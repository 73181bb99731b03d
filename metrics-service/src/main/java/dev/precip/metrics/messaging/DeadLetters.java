package dev.precip.metrics.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Parks an event that can never be applied on the dead-letter topic, verbatim and under its own
 * key, with the {@code dead-letter-*} headers SmallRye's own dead-letter queue writes: the reason
 * and, when the event came from Kafka, its topic, partition and offset.
 *
 * <p>The channel reads whole polls, so a failure strategy could only park a whole poll; the one
 * unreadable event is parked here instead, and the poll is acknowledged once the broker has it.
 */
@ApplicationScoped
public class DeadLetters {

  /** Outgoing parked events. */
  public static final String PARKED_OUT = "parked-out";

  private final MutinyEmitter<String> parked;

  public DeadLetters(@Channel(PARKED_OUT) MutinyEmitter<String> parked) {
    this.parked = parked;
  }

  /** Completes when the broker has the parked event. */
  public Uni<Void> park(String value, ConsumerRecord<?, ?> source, String reason) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, "dead-letter-reason", reason);
    OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<Object> metadata =
        OutgoingKafkaRecordMetadata.builder();
    if (source != null) {
      header(headers, "dead-letter-topic", source.topic());
      header(headers, "dead-letter-partition", Integer.toString(source.partition()));
      header(headers, "dead-letter-offset", Long.toString(source.offset()));
      metadata.withKey(source.key());
    }
    return parked.sendMessage(
        Message.of(value == null ? "" : value).addMetadata(metadata.withHeaders(headers).build()));
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
