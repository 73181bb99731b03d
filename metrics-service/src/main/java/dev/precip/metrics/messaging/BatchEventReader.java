package dev.precip.metrics.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.BatchCommitted;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a batch event from its JSON. An event that is not JSON of that shape, or that no retry
 * could ever apply (no batch id, one longer than the ledger keeps, a negative row count, a reversed
 * range), is refused with the reason, so the listener parks it instead of retrying it forever.
 *
 * <p>The channel reads plain strings and parsing happens here rather than in a Kafka deserializer:
 * a record that fails in the deserializer is parked without its offset ever being committed.
 */
@ApplicationScoped
public class BatchEventReader {

  /** The ledger's key column is {@code varchar(64)}; the writer's ids are 36-character UUIDs. */
  static final int MAX_BATCH_ID_LENGTH = 64;

  /** A batch event that cannot be applied, ever. */
  public static final class UnreadableEventException extends IllegalArgumentException {
    UnreadableEventException(String message) {
      super(message);
    }
  }

  private final ObjectMapper json;

  public BatchEventReader(ObjectMapper json) {
    this.json = json;
  }

  public BatchCommitted read(String value) {
    if (value == null) {
      throw new UnreadableEventException("batch event without a value");
    }
    BatchCommitted event;
    try {
      event = json.readValue(value, BatchCommitted.class);
    } catch (JsonProcessingException e) {
      throw new UnreadableEventException("not a batch event: " + e.getOriginalMessage());
    }
    if (event == null) {
      throw new UnreadableEventException("batch event is JSON null");
    }
    return validated(event);
  }

  private static BatchCommitted validated(BatchCommitted event) {
    String id = event.batchId();
    if (id == null || id.isBlank()) {
      throw new UnreadableEventException("batch event without a batchId");
    }
    if (id.length() > MAX_BATCH_ID_LENGTH) {
      throw new UnreadableEventException(
          "batchId longer than " + MAX_BATCH_ID_LENGTH + " characters: " + id.length());
    }
    if (event.rows() != null && event.rows() < 0) {
      throw new UnreadableEventException("batch " + id + " announces " + event.rows() + " rows");
    }
    if (event.eventTimeMsMin() != null
        && event.eventTimeMsMax() != null
        && event.eventTimeMsMin() > event.eventTimeMsMax()) {
      throw new UnreadableEventException(
          "batch " + id + " has its first event time after its last");
    }
    return event;
  }
}
