package dev.precip.metrics.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.config.MetricsConfig;
import dev.precip.metrics.service.MetricsUpdater;
import dev.precip.metrics.service.UpdateMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchListenerTest {

  private final MetricsUpdater updater = mock(MetricsUpdater.class);
  private final MetricsConfig config = mock(MetricsConfig.class);
  private final MetricsConfig.Retry retry = mock(MetricsConfig.Retry.class);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BatchListener listener =
      new BatchListener(
          new BatchEventReader(new ObjectMapper()), updater, config, new UpdateMeters(registry));

  BatchListenerTest() {
    when(config.retry()).thenReturn(retry);
    when(retry.initialBackoff()).thenReturn(Duration.ofMillis(1));
    when(retry.maxBackoff()).thenReturn(Duration.ofMillis(2));
  }

  @Test
  void anUnreadableEventFailsAtOnceForTheDeadLetterTopicAndIsNeverApplied() throws Exception {
    assertThrows(
        BatchEventReader.UnreadableEventException.class,
        () -> listener.consume("{\"rows\": 5}").await().atMost(Duration.ofSeconds(5)));

    verify(updater, never()).apply(any());
    assertEquals(1.0, registry.counter("metrics.events", "outcome", "unreadable").count());
  }

  @Test
  void aFailedUpdateIsRetriedUntilItSucceeds() throws Exception {
    when(updater.apply(any(BatchCommitted.class)))
        .thenThrow(new SQLException("trino down"))
        .thenReturn(new MetricsUpdater.Applied(true, 3, 1, Duration.ofMillis(5)));

    listener
        .consume("{\"batchId\":\"b1\",\"rows\":3,\"committedAtMs\":1}")
        .await()
        .atMost(Duration.ofSeconds(5));

    assertEquals(1.0, registry.counter("metrics.events", "outcome", "failed").count());
    assertEquals(1.0, registry.counter("metrics.events", "outcome", "applied").count());
    assertEquals(3.0, registry.counter("metrics.delta.rows").count());
  }
}
