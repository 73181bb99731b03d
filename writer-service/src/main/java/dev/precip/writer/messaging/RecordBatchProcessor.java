package dev.precip.writer.messaging;

import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.service.BatchWriter;
import dev.precip.writer.service.WriteResult;
import dev.precip.writer.service.WriterStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Groups records into batches, writes each with one statement, retrying (never dropping) while
 * Trino is unavailable, then publishes the batch event. The records' offsets are acknowledged only
 * after the rows are committed and every event of the batch is acknowledged by the broker.
 */
@ApplicationScoped
public class RecordBatchProcessor {

  /** Incoming normalized records. */
  public static final String RECORDS_IN = "records-in";

  /** Outgoing batch-committed events. */
  public static final String BATCHES_OUT = "batches-out";

  private static final Logger LOG = Logger.getLogger(RecordBatchProcessor.class);

  private final BatchWriter writer;
  private final WriterStatus status;
  private final WriterConfig config;
  private final Counter rows;
  private final Counter batches;
  private final Counter retries;
  private final Timer latency;

  public RecordBatchProcessor(
      BatchWriter writer, WriterStatus status, WriterConfig config, MeterRegistry registry) {
    this.writer = writer;
    this.status = status;
    this.config = config;
    this.rows = registry.counter("writer.rows.written");
    this.batches = registry.counter("writer.batches.committed");
    this.retries = registry.counter("writer.batch.retries");
    this.latency =
        Timer.builder("writer.batch.latency").publishPercentileHistogram().register(registry);
  }

  @Incoming(RECORDS_IN)
  @Outgoing(BATCHES_OUT)
  public Multi<Message<BatchCommitted>> process(Multi<Message<PrecipRecord>> records) {
    return records
        .group()
        .intoLists()
        .of(config.batch().size(), config.batch().maxWait())
        .onItem()
        .transformToUniAndConcatenate(this::write)
        .onItem()
        .transformToIterable(events -> events);
  }

  private Uni<List<Message<BatchCommitted>>> write(List<Message<PrecipRecord>> messages) {
    List<Message<PrecipRecord>> batch = new ArrayList<>(messages.size());
    for (Message<PrecipRecord> message : messages) {
      if (message.getPayload() == null) {
        // undeserializable: the failure strategy parks it on the dead-letter topic
        message.nack(new IllegalArgumentException("record is not a PrecipRecord"));
      } else {
        batch.add(message);
      }
    }
    if (batch.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<PrecipRecord> payloads = batch.stream().map(Message::getPayload).toList();
    return Uni.createFrom()
        .item(() -> timedWrite(payloads))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .invoke(
            e -> {
              status.failed(e);
              retries.increment();
              LOG.warnf("writing a batch of %d rows failed, will retry: %s", payloads.size(), e);
            })
        .onFailure()
        .retry()
        .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
        .indefinitely()
        .map(result -> events(result, batch));
  }

  private WriteResult timedWrite(List<PrecipRecord> payloads) {
    long start = System.nanoTime();
    try {
      WriteResult result = writer.write(payloads);
      latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      status.succeeded();
      rows.increment(result.batch().rows());
      batches.increment();
      return result;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The batch's events; once the broker has every one of them, the records are acknowledged. */
  private static List<Message<BatchCommitted>> events(
      WriteResult result, List<Message<PrecipRecord>> records) {
    List<BatchCommitted> all = new ArrayList<>(result.reannounced());
    all.add(result.batch());
    AtomicInteger pending = new AtomicInteger(all.size());
    List<Message<BatchCommitted>> out = new ArrayList<>(all.size());
    for (BatchCommitted event : all) {
      out.add(
          Message.of(event)
              .addMetadata(
                  OutgoingKafkaRecordMetadata.<String>builder().withKey(event.batchId()).build())
              .withAck(() -> pending.decrementAndGet() == 0 ? ackAll(records) : done())
              .withNack(
                  e -> {
                    // rows are committed; leaving the records unacknowledged makes them come back
                    // after a restart, and the rewrite re-announces this batch
                    LOG.errorf("batch event %s not published: %s", event.batchId(), e);
                    return done();
                  }));
    }
    return out;
  }

  private static CompletionStage<Void> ackAll(List<Message<PrecipRecord>> records) {
    return CompletableFuture.allOf(
        records.stream().map(m -> m.ack().toCompletableFuture()).toArray(CompletableFuture[]::new));
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }
}
