package dev.precip.writer.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.BatchCommitted;
import dev.precip.contracts.OffsetRange;
import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.service.BatchWriter;
import dev.precip.writer.service.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

@QuarkusTest
class RecordBatchProcessorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject @Any InMemoryConnector connector;
  @Inject MeterRegistry registry;
  @InjectMock BatchWriter writer;

  @AfterEach
  void clear() {
    connector.sink(RecordBatchProcessor.BATCHES_OUT).clear();
    connector.sink(RecordBatchProcessor.UNREADABLE_OUT).clear();
  }

  /** A valid normalized record of the station, as the writer reads it from Kafka. */
  static byte[] record(String station) throws Exception {
    return JSON.writeValueAsBytes(
        new PrecipRecord(
            station,
            "QPCP",
            "2010-05-01T00:15:00",
            1272672900000L,
            3,
            List.of("", "", "HI"),
            ",,HI",
            1L,
            new PageIdentity("job", "2010-05-01", "2010-05-31", 1),
            0));
  }

  private static Message<List<byte[]>> batch(List<byte[]> records, AtomicBoolean acked) {
    return Message.of(records)
        .withAck(
            () -> {
              acked.set(true);
              return CompletableFuture.completedFuture(null);
            });
  }

  private static WriteResult written(long rows) {
    return new WriteResult(new BatchCommitted("b1", rows, 1L, 2L, 3L, List.of()), List.of());
  }

  @Test
  void aBatchIsAckedOnlyAfterItsRowsAreWrittenAndItsEventIsOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    when(writer.write(anyList(), anyList(), any()))
        .thenAnswer(
            invocation -> {
              release.await(10, TimeUnit.SECONDS);
              return written(2);
            });
    AtomicBoolean acked = new AtomicBoolean();

    connector
        .source(RecordBatchProcessor.RECORDS_IN)
        .send(batch(List.of(record("COOP:010008"), record("COOP:010015")), acked));

    Thread.sleep(300);
    assertFalse(acked.get(), "acked before the rows were written");
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    List<? extends Message<BatchCommitted>> events =
        connector.<BatchCommitted>sink(RecordBatchProcessor.BATCHES_OUT).received();
    assertEquals(1, events.size());
    assertEquals("b1", events.get(0).getPayload().batchId());
  }

  @Test
  void aBatchIsTimedFromItsArrivalUntilItsConsumerIsFreeIncludingThePreviousWrite()
      throws Exception {
    when(writer.write(anyList(), anyList(), any()))
        .thenAnswer(
            invocation -> {
              Thread.sleep(300);
              return written(1);
            });
    Timer cycle = registry.timer("writer.batch.cycle");
    long before = cycle.count();
    double msBefore = cycle.totalTime(TimeUnit.MILLISECONDS);
    AtomicBoolean first = new AtomicBoolean();
    AtomicBoolean second = new AtomicBoolean();

    connector
        .source(RecordBatchProcessor.RECORDS_IN)
        .send(batch(List.of(record("COOP:010008")), first));
    connector
        .source(RecordBatchProcessor.RECORDS_IN)
        .send(batch(List.of(record("COOP:010015")), second));

    await().atMost(Duration.ofSeconds(10)).until(() -> second.get() && first.get());
    assertEquals(before + 2, cycle.count());
    double ms = cycle.totalTime(TimeUnit.MILLISECONDS) - msBefore;
    assertTrue(
        ms >= 250, "the second batch waits 300 ms for the first one's write; both took " + ms);
  }

  @Test
  void theWriterIsToldWhichPartitionsAndOffsetsTheBatchCameFrom() throws Exception {
    when(writer.write(anyList(), anyList(), any())).thenReturn(written(3));
    String topic = "precip.records";
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> polled = new LinkedHashMap<>();
    polled.put(
        new TopicPartition(topic, 2),
        List.of(new ConsumerRecord<>(topic, 2, 40, "COOP:010015", record("COOP:010015"))));
    polled.put(
        new TopicPartition(topic, 0),
        List.of(
            new ConsumerRecord<>(topic, 0, 7, "COOP:010008", record("COOP:010008")),
            new ConsumerRecord<>(topic, 0, 8, "COOP:010008", record("COOP:010008"))));
    List<byte[]> values =
        polled.values().stream().flatMap(List::stream).map(ConsumerRecord::value).toList();
    AtomicBoolean acked = new AtomicBoolean();
    Message<List<byte[]>> batch =
        batch(values, acked)
            .addMetadata(
                new IncomingKafkaRecordBatchMetadata<>(
                    new ConsumerRecords<>(polled), RecordBatchProcessor.RECORDS_IN, Map.of()));

    connector.source(RecordBatchProcessor.RECORDS_IN).send(batch);

    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    @SuppressWarnings("unchecked")
    ArgumentCaptor<List<OffsetRange>> source = ArgumentCaptor.forClass(List.class);
    verify(writer).write(anyList(), source.capture(), any());
    assertEquals(
        List.of(new OffsetRange(topic, 0, 7, 8), new OffsetRange(topic, 2, 40, 40)),
        source.getValue());
  }

  @Test
  void aFailingWriteIsRetriedAndNeitherAckedNorDroppedMeanwhile() throws Exception {
    when(writer.write(anyList(), anyList(), any()))
        .thenThrow(new SQLException("Trino is down"))
        .thenThrow(new SQLException("Trino is down"))
        .thenReturn(written(1));
    AtomicBoolean acked = new AtomicBoolean();

    connector
        .source(RecordBatchProcessor.RECORDS_IN)
        .send(batch(List.of(record("COOP:010008")), acked));

    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    verify(writer, times(3)).write(anyList(), anyList(), any());
    assertEquals(1, connector.sink(RecordBatchProcessor.BATCHES_OUT).received().size());
  }

  @Test
  void anUnreadableRecordIsParkedVerbatimAndTheOthersAreWritten() throws Exception {
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);

    assertParkedAndTheOtherWritten(notJson);
  }

  @Test
  void aRecordThatIsNotUtf8IsParkedByteForByteNotWrittenWithReplacementCharacters()
      throws Exception {
    byte[] notUtf8 = record("COOP:01X0008");
    // a Latin-1 é where UTF-8 needs two bytes: the record has no UTF-8 reading at all
    for (int i = 0; i < notUtf8.length; i++) {
      if (notUtf8[i] == 'X') {
        notUtf8[i] = (byte) 0xE9;
      }
    }

    assertParkedAndTheOtherWritten(notUtf8);
  }

  @Test
  void aRecordWhoseKeyTheLedgerCannotHoldIsParkedAndTheOthersAreWritten() throws Exception {
    byte[] withNul = record("COOP:01\u00000008");

    assertParkedAndTheOtherWritten(withNul);
  }

  /** Sends the record in a batch after a writable one: the latter is written, the former parked. */
  private void assertParkedAndTheOtherWritten(byte[] unwritable) throws Exception {
    when(writer.write(anyList(), anyList(), any())).thenReturn(written(1));
    AtomicBoolean acked = new AtomicBoolean();

    connector
        .source(RecordBatchProcessor.RECORDS_IN)
        .send(batch(List.of(record("COOP:010008"), unwritable), acked));

    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    @SuppressWarnings("unchecked")
    ArgumentCaptor<List<PrecipRecord>> rows = ArgumentCaptor.forClass(List.class);
    verify(writer).write(rows.capture(), anyList(), any());
    assertEquals(
        List.of("COOP:010008"), rows.getValue().stream().map(PrecipRecord::station).toList());
    assertArrayEquals(unwritable, parked().get(0));
  }

  private List<byte[]> parked() {
    return connector.<byte[]>sink(RecordBatchProcessor.UNREADABLE_OUT).received().stream()
        .map(Message::getPayload)
        .toList();
  }
}
