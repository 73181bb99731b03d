package dev.precip.writer.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.writer.service.BatchWriter;
import dev.precip.writer.service.WriteResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A batch frees its consumer once its write has started, but is acknowledged (its offsets may move)
 * only once its rows are durable and its event is out too.
 */
class BatchAcknowledgementTest {

  private final BatchWriter writer = mock(BatchWriter.class);

  @SuppressWarnings("unchecked")
  private final MutinyEmitter<BatchCommitted> events = mock(MutinyEmitter.class);

  @SuppressWarnings("unchecked")
  private final MutinyEmitter<byte[]> unreadable = mock(MutinyEmitter.class);

  private final AtomicBoolean acked = new AtomicBoolean();
  private final AtomicBoolean nacked = new AtomicBoolean();
  private RecordBatchProcessor processor;

  @BeforeEach
  void processor() throws Exception {
    when(writer.write(anyList(), anyList(), any()))
        .thenReturn(
            new WriteResult(new BatchCommitted("b1", 1L, 1L, 2L, 3L, List.of()), List.of()));
    processor = Processors.over(writer, events, unreadable);
  }

  private Message<List<byte[]>> batch() throws Exception {
    byte[] record = RecordBatchProcessorTest.record("COOP:010008");
    return Message.of(List.of(record))
        .withAck(
            () -> {
              acked.set(true);
              return CompletableFuture.completedFuture(null);
            })
        .withNack(
            failure -> {
              nacked.set(true);
              return CompletableFuture.completedFuture(null);
            });
  }

  @Test
  void aWrittenBatchIsAckedOnlyOnceItsEventIsOut() throws Exception {
    CompletableFuture<Void> brokerAck = new CompletableFuture<>();
    when(events.sendMessage(any())).thenReturn(Uni.createFrom().completionStage(brokerAck));

    processor.consume(batch()).await().atMost(Duration.ofSeconds(10));

    assertFalse(acked.get(), "acked before its event was out");
    brokerAck.complete(null);
    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    assertFalse(nacked.get());
  }

  @Test
  void aWrittenBatchWhoseEventCannotBePublishedIsNackedNeverAcked() throws Exception {
    when(events.sendMessage(any()))
        .thenReturn(Uni.createFrom().failure(new IllegalStateException("broker gone")));

    processor.consume(batch()).await().atMost(Duration.ofSeconds(10));

    await().atMost(Duration.ofSeconds(10)).untilTrue(nacked);
    assertFalse(acked.get(), "acked though its event never went out");
  }
}
