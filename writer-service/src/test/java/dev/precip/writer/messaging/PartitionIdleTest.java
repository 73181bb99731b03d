package dev.precip.writer.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.writer.service.BatchWriter;
import dev.precip.writer.service.WriteResult;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code writer.partition.idle} times the gap between the end of a partition's write and the start
 * of its next one, which under a backlog is what the poll and the hand-over of batches cost.
 */
class PartitionIdleTest {

  private final BatchWriter writer = mock(BatchWriter.class);

  @SuppressWarnings("unchecked")
  private final MutinyEmitter<BatchCommitted> events = mock(MutinyEmitter.class);

  @SuppressWarnings("unchecked")
  private final MutinyEmitter<byte[]> unreadable = mock(MutinyEmitter.class);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CountDownLatch acked = new CountDownLatch(2);
  private RecordBatchProcessor processor;

  @BeforeEach
  void processor() throws Exception {
    when(events.sendMessage(any())).thenReturn(Uni.createFrom().voidItem());
    when(writer.claimAhead(anyList(), anyList())).thenReturn(Optional.empty());
    when(writer.write(anyList(), anyList(), any()))
        .thenReturn(new WriteResult(new BatchCommitted("b", 1L, 1L, 2L, 3L, List.of()), List.of()));
    processor = Processors.over(writer, events, unreadable, registry);
  }

  private Message<List<byte[]>> batchOf(String station) throws Exception {
    return Message.of(List.of(RecordBatchProcessorTest.record(station)))
        .withAck(
            () -> {
              acked.countDown();
              return CompletableFuture.completedFuture(null);
            });
  }

  private Timer idle() {
    return registry.get("writer.partition.idle").timer();
  }

  @Test
  void theGapBetweenTwoWritesOfAPartitionIsTimed() throws Exception {
    processor.consume(batchOf("COOP:010008")).await().atMost(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> acked.getCount() == 1);
    Thread.sleep(200);
    processor.consume(batchOf("COOP:010015")).await().atMost(Duration.ofSeconds(10));
    acked.await(10, TimeUnit.SECONDS);

    assertEquals(1, idle().count(), "one gap, between the first write and the second");
    assertTrue(
        idle().totalTime(TimeUnit.MILLISECONDS) >= 200,
        "the gap lasted the 200 ms between the batches: "
            + idle().totalTime(TimeUnit.MILLISECONDS));
  }

  @Test
  void aPartitionsFirstWriteHasNoGapBeforeIt() throws Exception {
    processor.consume(batchOf("COOP:010008")).await().atMost(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> acked.getCount() == 1);

    assertEquals(0, idle().count());
  }
}
