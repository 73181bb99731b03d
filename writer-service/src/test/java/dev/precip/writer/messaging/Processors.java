package dev.precip.writer.messaging;

import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.BatchCommitted;
import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.service.BatchWriter;
import dev.precip.writer.service.WriterStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import java.time.Duration;

/** A processor outside Quarkus, over the given writer and emitters, retrying every few ms. */
final class Processors {

  private Processors() {}

  static RecordBatchProcessor over(
      BatchWriter writer, MutinyEmitter<BatchCommitted> events, MutinyEmitter<byte[]> unreadable) {
    return over(writer, events, unreadable, new SimpleMeterRegistry());
  }

  /** The same, with its meters in {@code registry}. */
  static RecordBatchProcessor over(
      BatchWriter writer,
      MutinyEmitter<BatchCommitted> events,
      MutinyEmitter<byte[]> unreadable,
      MeterRegistry registry) {
    WriterConfig config = mock(WriterConfig.class, RETURNS_DEEP_STUBS);
    when(config.retry().initialBackoff()).thenReturn(Duration.ofMillis(10));
    when(config.retry().maxBackoff()).thenReturn(Duration.ofMillis(20));
    return new RecordBatchProcessor(
        new ObjectMapper(), writer, new WriterStatus(), config, events, unreadable, registry);
  }
}
