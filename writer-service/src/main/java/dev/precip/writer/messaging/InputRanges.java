package dev.precip.writer.messaging;

import dev.precip.contracts.OffsetRange;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The Kafka records a polled batch holds, per partition, for the batch event's lineage. */
final class InputRanges {

  private InputRanges() {}

  /** Empty when the message carries no Kafka batch metadata (another connector). */
  static List<OffsetRange> of(Message<?> batch) {
    List<OffsetRange> ranges = new ArrayList<>();
    batch
        .getMetadata(IncomingKafkaRecordBatchMetadata.class)
        .ifPresent(
            metadata -> {
              ConsumerRecords<?, ?> records = metadata.getRecords();
              for (TopicPartition tp : records.partitions()) {
                List<? extends ConsumerRecord<?, ?>> inPartition = records.records(tp);
                long first =
                    inPartition.stream().mapToLong(ConsumerRecord::offset).min().orElse(-1);
                long last = inPartition.stream().mapToLong(ConsumerRecord::offset).max().orElse(-1);
                ranges.add(new OffsetRange(tp.topic(), tp.partition(), first, last));
              }
            });
    ranges.sort(Comparator.comparing(OffsetRange::topic).thenComparingInt(OffsetRange::partition));
    return ranges;
  }
}
