package dev.precip.it;

import dev.precip.contracts.PageIdentity;
import dev.precip.noaa.offline.generator.CdoPages;
import dev.precip.noaa.offline.generator.DataQuery;
import dev.precip.noaa.offline.generator.Observation;
import dev.precip.noaa.offline.generator.PrecipGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Records/s normalized by one and by two normalizer instances (separate processes, one consumer
 * group, the raw topic's 3 partitions shared), JSON in and JSON out, on the real broker.
 *
 * <p>Loads PAGES raw pages of 1000 CDO items into a fresh raw topic first, then starts the
 * instances and times from their start until every record is on the output topic; instance start
 * time is measured separately and reported beside it. Run with {@code bin/bench normalizer}.
 */
public final class NormalizerBenchmark {

  private static final Logger LOG = Logger.getLogger(NormalizerBenchmark.class);
  private static final int ITEMS_PER_PAGE = 1000;
  private static final List<String> CREATED = new ArrayList<>();

  private NormalizerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    String suffix = "bench" + Long.toString(System.currentTimeMillis(), 36);
    String raw = "noaa.pages.raw." + suffix;
    List<String> bodies = pageBodies(pages);
    long records = (long) pages * ITEMS_PER_PAGE;
    createTopics(List.of(raw));
    long loadStart = System.nanoTime();
    produce(raw, bodies);
    LOG.infof(
        "loaded %d pages (%d records, %.1f MB) into %s in %.1f s",
        pages,
        records,
        bodies.stream().mapToLong(String::length).sum() / 1e6,
        raw,
        (System.nanoTime() - loadStart) / 1e9);

    List<String> lines = new ArrayList<>();
    try {
      for (int instances : new int[] {1, 2}) {
        lines.add(measure(raw, suffix + "i" + instances, instances, records));
      }
    } finally {
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
        admin.deleteTopics(CREATED).all().get();
      }
    }
    LOG.info("normalizer throughput, JSON in / JSON out, " + pages + " pages x 1000 records:");
    lines.forEach(LOG::info);
  }

  private static String measure(String raw, String run, int instances, long records)
      throws Exception {
    String out = "precip.records." + run;
    String rejects = "precip.records.dlq." + run;
    String summaries = "noaa.pages.normalized." + run;
    String control = "noaa.normalizer.control." + run;
    createTopics(List.of(out, rejects, summaries, control));
    List<ServiceProcess> processes = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      Map<String, String> config = new LinkedHashMap<>();
      config.put("mp.messaging.incoming.pages-in.topic", raw);
      config.put("mp.messaging.incoming.pages-in.group.id", "normalizer-" + run);
      config.put("mp.messaging.outgoing.records-out.topic", out);
      config.put("mp.messaging.outgoing.rejects-out.topic", rejects);
      config.put("mp.messaging.outgoing.summaries-out.topic", summaries);
      config.put("mp.messaging.outgoing.control-out.topic", control);
      config.put("mp.messaging.incoming.control-in.topic", control);
      config.put("quarkus.log.level", "WARN");
      processes.add(
          new ServiceProcess(
              "normalizer-service",
              PipelineRun.BASE_PORT + 20 + i,
              config,
              Path.of(System.getProperty("it.logs", "target/it-logs"), run, "i" + i)));
    }
    long start = System.nanoTime();
    try {
      for (ServiceProcess p : processes) {
        p.start();
      }
      for (ServiceProcess p : processes) {
        p.awaitReady(Duration.ofMinutes(2));
      }
      long ready = System.nanoTime();
      long done;
      while (true) {
        long written = Topics.total(out);
        if (written >= records) {
          done = System.nanoTime();
          break;
        }
        Thread.sleep(200);
      }
      double seconds = (done - start) / 1e9;
      double afterReady = (done - ready) / 1e9;
      return String.format(
          "  %d instance(s): %,d records in %.1f s from launch = %,.0f records/s;"
              + " %.1f s after ready = %,.0f records/s",
          instances, records, seconds, records / seconds, afterReady, records / afterReady);
    } finally {
      for (ServiceProcess p : processes) {
        p.close();
      }
    }
  }

  private static List<String> pageBodies(int pages) {
    PrecipGenerator generator = new PrecipGenerator(7, 400);
    List<Observation> pool = new ArrayList<>();
    LocalDate day = LocalDate.of(2005, 1, 1);
    while (pool.size() < (long) pages * ITEMS_PER_PAGE) {
      pool.addAll(
          generator.observations(
              new DataQuery(
                  day.atStartOfDay(),
                  day.plusDays(29).atTime(23, 59, 59),
                  Set.of(),
                  Set.of(),
                  Optional.empty())));
      day = day.plusDays(30);
    }
    List<String> bodies = new ArrayList<>(pages);
    for (int p = 0; p < pages; p++) {
      bodies.add(
          CdoPages.render(
              pool.subList(p * ITEMS_PER_PAGE, (p + 1) * ITEMS_PER_PAGE),
              p * ITEMS_PER_PAGE + 1,
              pages * ITEMS_PER_PAGE,
              ITEMS_PER_PAGE));
    }
    return bodies;
  }

  private static void produce(String topic, List<String> bodies) throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int p = 0; p < bodies.size(); p++) {
        String key =
            new PageIdentity("bench", "2005-01-01", "2005-12-31", p * ITEMS_PER_PAGE + 1).key();
        producer.send(new ProducerRecord<>(topic, key, bodies.get(p)));
      }
      producer.flush();
    }
  }

  private static void createTopics(List<String> names) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA))) {
      admin
          .createTopics(names.stream().map(n -> new NewTopic(n, 3, (short) 1)).toList())
          .all()
          .get();
      CREATED.addAll(names);
    }
  }
}
