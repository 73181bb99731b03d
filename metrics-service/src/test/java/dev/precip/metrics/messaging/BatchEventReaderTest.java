package dev.precip.metrics.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.messaging.BatchEventReader.UnreadableEventException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchEventReaderTest {

  private final BatchEventReader reader = new BatchEventReader(new ObjectMapper());

  private BatchCommitted read(String json) {
    return reader.read(json);
  }

  @Test
  void aWritersEventIsReadWhole() {
    BatchCommitted event =
        read(
            "{\"batchId\":\"b1\",\"rows\":500,\"eventTimeMsMin\":1,\"eventTimeMsMax\":2,"
                + "\"committedAtMs\":3,\"offsets\":[]}");

    assertEquals(new BatchCommitted("b1", 500L, 1L, 2L, 3L, List.of()), event);
  }

  @Test
  void aReannouncedEventWithoutRowsOrRangeIsRead() {
    assertNull(read("{\"batchId\":\"b1\",\"committedAtMs\":3}").rows());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html>not an event</html>",
        "null",
        "",
        "{\"rows\":5,\"committedAtMs\":3}",
        "{\"batchId\":\"  \",\"committedAtMs\":3}",
        "{\"batchId\":\"b1\",\"rows\":[],\"committedAtMs\":3}",
        "{\"batchId\":\"b1\",\"rows\":-1,\"committedAtMs\":3}",
        "{\"batchId\":\"b1\",\"eventTimeMsMin\":5,\"eventTimeMsMax\":4,\"committedAtMs\":3}",
        "{\"batchId\":\"0123456789012345678901234567890123456789012345678901234567890123456789\"}"
      })
  void anEventNoRetryCouldApplyIsRefused(String json) {
    assertThrows(UnreadableEventException.class, () -> read(json));
  }
}
