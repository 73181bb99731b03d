package dev.precip.it;

import dev.precip.contracts.PrecipRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads a topic the way an operator would check it: everything, from the beginning. */
final class Topics {

  private Topics() {}

  /** Creates topics of the given partitions on the single local broker. */
  static void create(int partitions, String... topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      admin
          .createTopics(
              Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)).toList())
          .all()
          .get();
    }
  }

  static void delete(String... topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      admin.deleteTopics(List.of(topics)).all().get();
    }
  }

  /** Each partition's end offset. */
  static Map<Integer, Long> endOffsets(String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      return endOffsets(admin, topic);
    }
  }

  private static Map<Integer, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get()
        .get(topic)
        .partitions()
        .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<Integer, Long> out = new TreeMap<>();
    admin
        .listOffsets(request)
        .all()
        .get()
        .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
    return out;
  }

  /**
   * Records of the topic that the consumer group has not committed yet (a partition it never
   * committed counts whole).
   */
  static long lag(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      Map<Integer, Long> ends = endOffsets(admin, topic);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      long lag = 0;
      for (Map.Entry<Integer, Long> end : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(new TopicPartition(topic, end.getKey()));
        lag += end.getValue() - (at == null ? 0 : at.offset());
      }
      return lag;
    }
  }

  /** Records ever written to a topic (the sum of its end offsets). */
  static long total(String topic) throws Exception {
    return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Sends records keyed by station, as the normalizer does (lz4, {@code acks=all}). */
  static void produce(String topic, List<PrecipRecord> records) throws Exception {
    produce(topic, null, records);
  }

  /** Sends records keyed by station to one partition, or by key when {@code partition} is null. */
  static void produce(String topic, Integer partition, List<PrecipRecord> records)
      throws Exception {
    List<ProducerRecord<String, String>> out = new ArrayList<>();
    for (PrecipRecord r : records) {
      out.add(new ProducerRecord<>(topic, partition, r.station(), Http.JSON.writeValueAsString(r)));
    }
    send(out);
  }

  /** Sends records as they are, and waits until the broker has them all. */
  static void send(List<ProducerRecord<String, String>> records) throws Exception {
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Stack.KAFKA,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (ProducerRecord<String, String> r : records) {
        producer.send(r);
      }
      producer.flush();
    }
  }

  /** The partitions of {@code topic} each member of a stable group holds; empty while unstable. */
  static List<Set<Integer>> assignments(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      ConsumerGroupDescription d =
          admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      if (d.groupState() != GroupState.STABLE) {
        return List.of();
      }
      List<Set<Integer>> out = new ArrayList<>();
      for (MemberDescription member : d.members()) {
        Set<Integer> partitions = new TreeSet<>();
        member.assignment().topicPartitions().stream()
            .filter(tp -> tp.topic().equals(topic))
            .forEach(tp -> partitions.add(tp.partition()));
        out.add(partitions);
      }
      return out;
    }
  }

  /**
   * Moves an idle group (no member running) back to the beginning of the topic, as an operator
   * replaying it would.
   */
  static void rewind(String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
      for (Integer partition : endOffsets(admin, topic).keySet()) {
        start.put(new TopicPartition(topic, partition), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets(group, start).all().get();
    }
  }

  /** A consumer of a group of its own, subscribed to the topic from its beginning. */
  static KafkaConsumer<String, String> reader(String topic) {
    return reader(topic, new StringDeserializer());
  }

  /**
   * A consumer of a group of its own, from the topic's beginning, values read by {@code values}.
   */
  static <V> KafkaConsumer<String, V> reader(String topic, Deserializer<V> values) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Stack.KAFKA,
            ConsumerConfig.GROUP_ID_CONFIG,
            "it-reader-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /**
   * Every record on a topic up to its end as of this call, from the beginning; unlike {@link
   * #records} it ends while producers keep writing. Done when the consumer's position (which also
   * passes offsets no record is delivered for, such as transaction markers) reaches each end.
   */
  static <V> void readToEnd(
      String topic, Deserializer<V> values, Consumer<ConsumerRecord<String, V>> each)
      throws Exception {
    Map<Integer, Long> ends = endOffsets(topic);
    try (KafkaConsumer<String, V> consumer = reader(topic, values)) {
      boolean done = false;
      while (!done) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.offset() < ends.get(r.partition())) {
            each.accept(r);
          }
        }
        Set<TopicPartition> assigned = consumer.assignment();
        done =
            assigned.size() == ends.size()
                && assigned.stream()
                    .allMatch(tp -> consumer.position(tp) >= ends.get(tp.partition()));
      }
    }
  }

  /** Everything on a topic, read from the beginning until it stays quiet for 3 s. */
  static List<ConsumerRecord<String, String>> records(String topic) {
    try (KafkaConsumer<String, String> consumer = reader(topic)) {
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      long idleSince = System.currentTimeMillis();
      while (System.currentTimeMillis() - idleSince < 3000) {
        ConsumerRecords<String, String> got = consumer.poll(Duration.ofMillis(500));
        if (!got.isEmpty()) {
          got.forEach(out::add);
          idleSince = System.currentTimeMillis();
        }
      }
      return out;
    }
  }
}
