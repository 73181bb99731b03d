package dev.precip.normalizer.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PageNormalized;
import dev.precip.contracts.PrecipRecord;
import dev.precip.contracts.RejectedRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

@QuarkusTest
class PageListenerTest {

  @Inject @Any InMemoryConnector connector;

  @AfterEach
  void clear() {
    connector.sink(NormalizedPublisher.RECORDS_OUT).clear();
    connector.sink(NormalizedPublisher.REJECTS_OUT).clear();
    connector.sink(NormalizedPublisher.SUMMARIES_OUT).clear();
  }

  private PageNormalized onlySummary() {
    InMemorySink<PageNormalized> summaries = connector.sink(NormalizedPublisher.SUMMARIES_OUT);
    assertEquals(1, summaries.received().size());
    return summaries.received().get(0).getPayload();
  }

  @SuppressWarnings("unchecked")
  private static Message<String> page(String key, String body, AtomicBoolean acked) {
    IncomingKafkaRecordMetadata<String, String> metadata =
        Mockito.mock(IncomingKafkaRecordMetadata.class);
    Mockito.when(metadata.getKey()).thenReturn(key);
    Mockito.when(metadata.getPartition()).thenReturn(0);
    Mockito.when(metadata.getOffset()).thenReturn(0L);
    return Message.of(body)
        .addMetadata(metadata)
        .withAck(
            () -> {
              acked.set(true);
              return java.util.concurrent.CompletableFuture.completedFuture(null);
            });
  }

  @Test
  void everyItemEndsAsARecordOrARejectionAndThePageIsAcked() {
    InMemorySink<PrecipRecord> records = connector.sink(NormalizedPublisher.RECORDS_OUT);
    InMemorySink<RejectedRecord> rejects = connector.sink(NormalizedPublisher.REJECTS_OUT);
    String key = new PageIdentity("job", "2010-05-01", "2010-05-31", 1).key();
    String body =
        "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":3,\"limit\":1000}},\"results\":["
            + "{\"date\":\"2010-05-01T00:15:00\",\"datatype\":\"QPCP\",\"station\":\"COOP:010008\",\"attributes\":\",,HI\",\"value\":3},"
            + "{\"date\":\"2010-05-01T00:30:00\",\"datatype\":\"QPCP\",\"station\":\"COOP:010015\",\"attributes\":\"[,,HI\",\"value\":99999},"
            + "{\"date\":\"2010-05-01T00:45:00\",\"datatype\":\"QPCP\",\"station\":\"bad\",\"attributes\":\",,HI\",\"value\":1}]}";
    AtomicBoolean acked = new AtomicBoolean();

    connector.source(PageListener.PAGES_IN).send(page(key, body, acked));

    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    assertEquals(2, records.received().size());
    assertEquals(1, rejects.received().size());
    assertEquals("COOP:010008", records.received().get(0).getPayload().station());
    assertEquals(
        new PageNormalized(key, "job", 3, 2, 1, onlySummary().normalizedAtMs()), onlySummary());
  }

  @Test
  void aMalformedPageGoesToTheDeadLetterTopicWhole() {
    InMemorySink<RejectedRecord> rejects = connector.sink(NormalizedPublisher.REJECTS_OUT);
    AtomicBoolean acked = new AtomicBoolean();
    String key = new PageIdentity("job", "2010-05-01", "2010-05-31", 1001).key();

    connector.source(PageListener.PAGES_IN).send(page(key, "<html>oops</html>", acked));

    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    assertEquals(0, connector.sink(NormalizedPublisher.RECORDS_OUT).received().size());
    assertEquals(1, rejects.received().size());
    assertEquals("<html>oops</html>", rejects.received().get(0).getPayload().original());
    assertEquals(
        new PageNormalized(key, "job", 0, 0, 1, onlySummary().normalizedAtMs()), onlySummary());
  }

  @Test
  void aPageWithoutAKeyIsRejectedAndItsSummaryIsNamedByItsPlaceInTheRawTopic() {
    AtomicBoolean acked = new AtomicBoolean();
    connector.source(PageListener.PAGES_IN).send(page(null, "{}", acked));

    await().atMost(Duration.ofSeconds(10)).untilTrue(acked);
    assertEquals(1, connector.sink(NormalizedPublisher.REJECTS_OUT).received().size());
    PageNormalized summary = onlySummary();
    assertEquals("raw@0:0", summary.pageKey());
    assertEquals(null, summary.jobId());
    assertEquals(1, summary.rejected());
  }
}
