package dev.precip.writer.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.OffsetRange;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.service.BatchWriter;
import dev.precip.writer.service.BatchWriter.AheadClaim;
import dev.precip.writer.service.WriteResult;
import dev.precip.writer.service.WriterStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Writes each polled batch of records with one statement, retrying (never dropping) while Trino is
 * unavailable, then publishes the batch event; the batch is acknowledged, and its offsets may be
 * committed, only after that.
 *
 * <p>Kafka forms the batches: the channel is consumed in batch mode with {@code max.poll.records}
 * as the batch size and {@code fetch.min.bytes}/{@code fetch.max.wait.ms} as the wait for a batch
 * to fill. The batches of a partition are written one at a time: a consumer takes its next batch as
 * soon as this one's write has started, claims the next one's keys while this one is written, and
 * writes it after. So a consumer holds at most two batches, and while one is being retried it stops
 * polling: backpressure, not buffering. A batch's event goes out while the next batch is written;
 * the batch's offsets move only after both its rows and its event are durable (the throttled commit
 * strategy takes acknowledgements out of order).
 */
@ApplicationScoped
public class RecordBatchProcessor {

  /** Incoming normalized records, in batches. */
  public static final String RECORDS_IN = "records-in";

  /** Outgoing batch-committed events. */
  public static final String BATCHES_OUT = "batches-out";

  /** Records that are not readable as a writable {@link PrecipRecord}, byte for byte. */
  public static final String UNREADABLE_OUT = "unreadable-out";

  private static final Logger LOG = Logger.getLogger(RecordBatchProcessor.class);

  private final ObjectReader recordReader;
  private final BatchWriter writer;
  private final WriterStatus status;
  private final WriterConfig config;
  private final MutinyEmitter<BatchCommitted> events;
  private final MutinyEmitter<byte[]> unreadable;
  private final Counter rows;
  private final Counter batches;
  private final Counter retries;
  private final Counter unreadableRecords;
  private final Timer latency;
  private final Timer cycle;
  private final Timer idle;

  /**
   * The write in progress of each partition (or of the batches that name none, as in tests): the
   * next batch of the partition claims its keys meanwhile, and its write waits for this one.
   */
  private final Map<String, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

  /** When each partition's last write ended, until its next write starts. */
  private final Map<String, Long> writeEnded = new ConcurrentHashMap<>();

  public RecordBatchProcessor(
      ObjectMapper json,
      BatchWriter writer,
      WriterStatus status,
      WriterConfig config,
      @Channel(BATCHES_OUT) MutinyEmitter<BatchCommitted> events,
      @Channel(UNREADABLE_OUT) MutinyEmitter<byte[]> unreadable,
      MeterRegistry registry) {
    // one reader for every record: ObjectMapper.readValue looks the type up again each time
    this.recordReader = json.readerFor(PrecipRecord.class);
    this.writer = writer;
    this.status = status;
    this.config = config;
    this.events = events;
    this.unreadable = unreadable;
    this.rows = registry.counter("writer.rows.written");
    this.batches = registry.counter("writer.batches.committed");
    this.retries = registry.counter("writer.batch.retries");
    this.unreadableRecords = registry.counter("writer.records.unreadable");
    this.latency =
        Timer.builder("writer.batch.latency").publishPercentileHistogram().register(registry);
    // against writer.batch.latency it shows what a batch costs beyond its write (parsing), and
    // against the wall clock how long consumers wait for their next batch
    this.cycle =
        Timer.builder("writer.batch.cycle")
            .description(
                "Time from a polled batch's arrival until its consumer may take the next: its"
                    + " claim ahead, and the wait for the partition's previous write")
            .register(registry);
    // under a backlog a partition's writes should follow each other without a gap
    this.idle =
        Timer.builder("writer.partition.idle")
            .description(
                "Time from the end of a partition's write in this instance until its next write"
                    + " here starts: the wait for the next batch to arrive and be claimed")
            .register(registry);
  }

  /**
   * Completes when the batch's write has started, once the partition's previous batch is written;
   * the batch is acknowledged once its rows are durable and its event (and any parked record) is
   * out, or nacked (the channel stops) when they cannot be.
   */
  @Incoming(RECORDS_IN)
  public Uni<Void> consume(Message<List<byte[]>> batch) {
    long arrived = System.nanoTime();
    List<PrecipRecord> records = new ArrayList<>(batch.getPayload().size());
    List<Uni<Void>> published = new ArrayList<>();
    // bytes, not strings: Jackson reads UTF-8 itself, and a record that is not UTF-8 is parked as
    // it came instead of being decoded with replacement characters
    for (byte[] value : batch.getPayload()) {
      try {
        records.add(WritableRecords.require(recordReader.readValue(value)));
      } catch (Exception e) {
        unreadableRecords.increment();
        LOG.warnf(
            "a record is not a writable PrecipRecord, parked on the writer DLQ: %s",
            e.getMessage());
        published.add(unreadable.send(value == null ? new byte[0] : value));
      }
    }
    if (records.isEmpty()) {
      ackWhenOut(batch, published);
      cycle.record(System.nanoTime() - arrived, TimeUnit.NANOSECONDS);
      return Uni.createFrom().voidItem();
    }
    List<OffsetRange> source = InputRanges.of(batch);
    CompletableFuture<Void> written = new CompletableFuture<>();
    List<String> lanes = lanes(source);
    CompletableFuture<Void> previous = follow(lanes, written);
    return Uni.createFrom()
        .item(() -> writer.claimAhead(records, source))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .call(ahead -> Uni.createFrom().completionStage(previous))
        .invoke(
            ahead -> {
              long started = System.nanoTime();
              cycle.record(started - arrived, TimeUnit.NANOSECONDS);
              recordIdle(lanes, started);
              writeWithRetry(records, source, ahead)
                  .subscribe()
                  .with(
                      result -> {
                        published.add(announce(result));
                        writeEnded(lanes);
                        written.complete(null);
                        ackWhenOut(batch, published);
                      },
                      failure -> {
                        writeEnded(lanes);
                        written.complete(null);
                        LOG.errorf(failure, "a batch could not be written; it is nacked");
                        batch.nack(failure);
                      });
            })
        .replaceWithVoid();
  }

  private void recordIdle(List<String> lanes, long started) {
    for (String lane : lanes) {
      Long ended = writeEnded.remove(lane);
      if (ended != null) {
        idle.record(started - ended, TimeUnit.NANOSECONDS);
      }
    }
  }

  private void writeEnded(List<String> lanes) {
    long now = System.nanoTime();
    lanes.forEach(lane -> writeEnded.put(lane, now));
  }

  /** The partitions a batch came from, as the ledger names them, or one lane for none. */
  private static List<String> lanes(List<OffsetRange> source) {
    return source.isEmpty() ? List.of("") : BatchWriter.sources(source);
  }

  /**
   * Makes {@code next} the write in progress of these lanes, and returns when the writes it follows
   * are over (written or given up).
   */
  private CompletableFuture<Void> follow(List<String> lanes, CompletableFuture<Void> next) {
    List<CompletableFuture<Void>> before = new ArrayList<>();
    for (String lane : lanes) {
      CompletableFuture<Void> last = writing.put(lane, next);
      if (last != null) {
        before.add(last);
      }
    }
    // dropped once over, unless a later batch follows it: the map holds the writes in flight only
    next.whenComplete((done, failure) -> lanes.forEach(lane -> writing.remove(lane, next)));
    return CompletableFuture.allOf(before.toArray(CompletableFuture[]::new));
  }

  /**
   * Acknowledges the batch once everything it publishes is acked by the broker; nacks it if any of
   * it fails, which stops the channel (failure strategy {@code fail}) with its offsets unmoved.
   */
  private void ackWhenOut(Message<List<byte[]>> batch, List<Uni<Void>> published) {
    Uni<Void> out =
        published.isEmpty()
            ? Uni.createFrom().voidItem()
            : Uni.join().all(published).andFailFast().replaceWithVoid();
    out.chain(() -> Uni.createFrom().completionStage(batch.ack()))
        .subscribe()
        .with(
            done -> {},
            failure -> {
              LOG.errorf(
                  failure,
                  "a written batch's event could not be published, or the batch acknowledged; it is"
                      + " nacked and its records will be redelivered (their rows are held, and"
                      + " announced again)");
              batch.nack(failure);
            });
  }

  /** Writes the batch, using its claim ahead on the first attempt only; retries make their own. */
  private Uni<WriteResult> writeWithRetry(
      List<PrecipRecord> records, List<OffsetRange> source, Optional<AheadClaim> ahead) {
    AtomicReference<Optional<AheadClaim>> claim = new AtomicReference<>(ahead);
    return Uni.createFrom()
        .item(() -> timedWrite(records, source, claim.getAndSet(Optional.empty())))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .invoke(
            e -> {
              status.failed(e);
              retries.increment();
              LOG.warnf("writing a batch of %d rows failed, will retry: %s", records.size(), e);
            })
        .onFailure()
        .retry()
        .withBackOff(config.retry().initialBackoff(), config.retry().maxBackoff())
        .indefinitely();
  }

  private WriteResult timedWrite(
      List<PrecipRecord> records, List<OffsetRange> source, Optional<AheadClaim> ahead) {
    long start = System.nanoTime();
    try {
      WriteResult result = writer.write(records, source, ahead);
      latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      status.succeeded();
      rows.increment(result.batch().rows());
      batches.increment();
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The batch's event and any re-announcements; completes when the broker has all of them. */
  private Uni<Void> announce(WriteResult result) {
    List<Uni<Void>> sends = new ArrayList<>();
    for (BatchCommitted event : result.reannounced()) {
      sends.add(events.sendMessage(keyed(event)));
    }
    sends.add(events.sendMessage(keyed(result.batch())));
    return Uni.join().all(sends).andFailFast().replaceWithVoid();
  }

  private static Message<BatchCommitted> keyed(BatchCommitted event) {
    return Message.of(event)
        .addMetadata(
            OutgoingKafkaRecordMetadata.<String>builder().withKey(event.batchId()).build());
  }
}
