package dev.precip.writer.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.contracts.BatchCommitted;
import dev.precip.writer.service.BatchWriter;
import dev.precip.writer.service.BatchWriter.AheadClaim;
import dev.precip.writer.service.WriteResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * A consumer claims its next batch's keys while the partition's previous batch is written, and
 * writes that batch only after the previous one; so it never holds more than two batches.
 */
class ClaimAheadTest {

  private final BatchWriter writer = mock(BatchWriter.class);

  @SuppressWarnings("unchecked")
  private final MutinyEmitter<BatchCommitted> events = mock(MutinyEmitter.class);

  @SuppressWarnings("unchecked")
  private final MutinyEmitter<byte[]> unreadable = mock(MutinyEmitter.class);

  private RecordBatchProcessor processor;

  @BeforeEach
  void processor() {
    when(events.sendMessage(any())).thenReturn(Uni.createFrom().voidItem());
    processor = Processors.over(writer, events, unreadable);
  }

  private static Message<List<byte[]>> batch(String station) throws Exception {
    return Message.of(List.of(RecordBatchProcessorTest.record(station)))
        .withAck(() -> CompletableFuture.completedFuture(null));
  }

  private static WriteResult written() {
    return new WriteResult(new BatchCommitted("b", 1L, 1L, 2L, 3L, List.of()), List.of());
  }

  private static Optional<AheadClaim> ahead(String batchId) {
    return Optional.of(new AheadClaim(batchId, true));
  }

  @Test
  void theNextBatchIsClaimedWhileThePreviousIsWrittenAndWrittenAfterIt() throws Exception {
    CountDownLatch firstWritten = new CountDownLatch(1);
    when(writer.claimAhead(anyList(), anyList())).thenReturn(ahead("first"), ahead("second"));
    when(writer.write(anyList(), anyList(), any()))
        .thenAnswer(
            call -> {
              if (call.<Optional<AheadClaim>>getArgument(2).equals(ahead("first"))) {
                firstWritten.await(10, TimeUnit.SECONDS);
              }
              return written();
            });

    processor.consume(batch("COOP:010008")).await().atMost(Duration.ofSeconds(10));
    CompletableFuture<Void> second =
        processor.consume(batch("COOP:010015")).subscribeAsCompletionStage();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> verify(writer, times(2)).claimAhead(anyList(), anyList()));
    Thread.sleep(300);
    verify(writer, times(1)).write(anyList(), anyList(), any());
    assertFalse(second.isDone(), "the second batch was handed on before the first was written");
    firstWritten.countDown();
    second.get(10, TimeUnit.SECONDS);
    @SuppressWarnings("unchecked")
    ArgumentCaptor<Optional<AheadClaim>> claims = ArgumentCaptor.forClass(Optional.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> verify(writer, times(2)).write(anyList(), anyList(), claims.capture()));
    assertEquals(List.of(ahead("first"), ahead("second")), claims.getAllValues());
  }

  @Test
  void aConsumerTakesNoThirdBatchWhileItsWriteKeepsFailing() throws Exception {
    when(writer.write(anyList(), anyList(), any())).thenThrow(new SQLException("Trino is down"));

    processor.consume(batch("COOP:010008")).await().atMost(Duration.ofSeconds(10));
    boolean secondHandedOn =
        processor
            .consume(batch("COOP:010015"))
            .map(done -> true)
            .ifNoItem()
            .after(Duration.ofMillis(500))
            .recoverWithItem(false)
            .await()
            .atMost(Duration.ofSeconds(10));

    assertFalse(secondHandedOn, "the consumer took another batch while its write kept failing");
  }

  @Test
  void aRetryMakesItsOwnClaim() throws Exception {
    when(writer.claimAhead(anyList(), anyList())).thenReturn(ahead("first"));
    when(writer.write(anyList(), anyList(), any()))
        .thenThrow(new SQLException("Trino is down"))
        .thenReturn(written());
    CountDownLatch acked = new CountDownLatch(1);
    Message<List<byte[]>> batch =
        Message.of(List.of(RecordBatchProcessorTest.record("COOP:010008")))
            .withAck(
                () -> {
                  acked.countDown();
                  return CompletableFuture.completedFuture(null);
                });

    processor.consume(batch).await().atMost(Duration.ofSeconds(10));

    acked.await(10, TimeUnit.SECONDS);
    @SuppressWarnings("unchecked")
    ArgumentCaptor<Optional<AheadClaim>> claims = ArgumentCaptor.forClass(Optional.class);
    verify(writer, times(2)).write(anyList(), anyList(), claims.capture());
    assertEquals(List.of(ahead("first"), Optional.empty()), claims.getAllValues());
  }
}
