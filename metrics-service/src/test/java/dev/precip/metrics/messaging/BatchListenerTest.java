package dev.precip.metrics.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
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
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class BatchListenerTest {

  private static final String GOOD = "{\"batchId\":\"b1\",\"rows\":3,\"committedAtMs\":1}";
  private static final String BAD = "{\"rows\": 5}";

  private final MetricsUpdater updater = mock(MetricsUpdater.class);

  @SuppressWarnings("unchecked")
  private final MutinyEmitter<String> parked = mock(MutinyEmitter.class);

  private final MetricsConfig config = mock(MetricsConfig.class);
  private final MetricsConfig.Retry retry = mock(MetricsConfig.Retry.class);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BatchListener listener =
      new BatchListener(
          new BatchEventReader(new ObjectMapper()),
          updater,
          new DeadLetters(parked),
          config,
          new UpdateMeters(registry));
  private final AtomicBoolean acked = new AtomicBoolean();

  BatchListenerTest() {
    when(config.retry()).thenReturn(retry);
    when(retry.initialBackoff()).thenReturn(Duration.ofMillis(1));
    when(retry.maxBackoff()).thenReturn(Duration.ofMillis(2));
  }

  private Message<List<String>> poll(String... values) {
    return Message.of(List.of(values))
        .withAck(
            () -> {
              acked.set(true);
              return CompletableFuture.completedFuture(null);
            });
  }

  private static MetricsUpdater.Applied counted(BatchCommitted batch, long rows) {
    return new MetricsUpdater.Applied(
        List.of(new MetricsUpdater.Counted(batch, rows, 1)), 0, Duration.ofMillis(5));
  }

  @Test
  void anUnreadableEventIsParkedWithItsReasonAndTheRestOfItsPollApplied() throws Exception {
    when(parked.sendMessage(any())).thenReturn(Uni.createFrom().voidItem());
    when(updater.apply(anyList()))
        .thenAnswer(i -> counted(i.<List<BatchCommitted>>getArgument(0).get(0), 3));

    listener.consume(poll(BAD, GOOD)).await().atMost(Duration.ofSeconds(5));

    @SuppressWarnings("unchecked")
    ArgumentCaptor<Message<String>> message = ArgumentCaptor.forClass(Message.class);
    verify(parked).sendMessage(message.capture());
    assertEquals(BAD, message.getValue().getPayload());
    String reason =
        new String(
            message
                .getValue()
                .getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElseThrow()
                .getHeaders()
                .lastHeader("dead-letter-reason")
                .value(),
            StandardCharsets.UTF_8);
    assertEquals("batch event without a batchId", reason);
    @SuppressWarnings("unchecked")
    ArgumentCaptor<List<BatchCommitted>> applied = ArgumentCaptor.forClass(List.class);
    verify(updater).apply(applied.capture());
    assertEquals(List.of("b1"), applied.getValue().stream().map(BatchCommitted::batchId).toList());
    assertTrue(acked.get());
    assertEquals(1.0, registry.counter("metrics.events", "outcome", "unreadable").count());
    assertEquals(1.0, registry.counter("metrics.events", "outcome", "applied").count());
  }

  @Test
  void aPollOfOnlyUnreadableEventsIsAckedWithoutAnUpdate() throws Exception {
    when(parked.sendMessage(any())).thenReturn(Uni.createFrom().voidItem());

    listener.consume(poll(BAD, "<html>")).await().atMost(Duration.ofSeconds(5));

    verify(updater, never()).apply(anyList());
    assertTrue(acked.get());
    assertEquals(2.0, registry.counter("metrics.events", "outcome", "unreadable").count());
  }

  @Test
  void aPollWhoseUnreadableEventCouldNotBeParkedIsNotAcked() {
    when(parked.sendMessage(any()))
        .thenReturn(Uni.createFrom().failure(new IllegalStateException("broker down")));

    assertThrows(
        IllegalStateException.class,
        () -> listener.consume(poll(BAD)).await().atMost(Duration.ofSeconds(5)));

    assertFalse(acked.get());
  }

  @Test
  void aFailedUpdateIsRetriedUntilItSucceedsAndOnlyThenAcked() throws Exception {
    when(updater.apply(anyList()))
        .thenThrow(new SQLException("trino down"))
        .thenAnswer(i -> counted(i.<List<BatchCommitted>>getArgument(0).get(0), 3));

    listener.consume(poll(GOOD)).await().atMost(Duration.ofSeconds(5));

    assertTrue(acked.get());
    assertEquals(1.0, registry.counter("metrics.events", "outcome", "failed").count());
    assertEquals(1.0, registry.counter("metrics.events", "outcome", "applied").count());
    assertEquals(3.0, registry.counter("metrics.delta.rows").count());
  }
}
