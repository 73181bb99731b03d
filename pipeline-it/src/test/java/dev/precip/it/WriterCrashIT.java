package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.PrecipRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writer killed with SIGKILL at several moments while it drains a backlog (during a statement,
 * between a statement and its offsets, while idle between batches: wherever the seeded moments
 * fall), and started again each time: the table ends with every record exactly once, checked with
 * queries.
 */
@ExtendWith(ServiceLogsOnFailure.class)
class WriterCrashIT {

  private static final Logger LOG = Logger.getLogger(WriterCrashIT.class);
  private static final int ROWS = 12_000;
  private static final int KILLS = 3;
  private static final long SEED = 42;

  private String suffix;
  private String topic;
  private String batches;
  private String dlq;
  private ServiceProcess writer;

  @BeforeEach
  void start() throws Exception {
    suffix = "it" + Long.toString(System.currentTimeMillis(), 36) + "crash";
    topic = "precip.records." + suffix;
    batches = "precip.batches.committed." + suffix;
    dlq = topic + ".writer.dlq";
    Topics.create(3, topic, batches);
    Topics.create(1, dlq);
    Map<String, String> w = new LinkedHashMap<>();
    w.put("mp.messaging.incoming.records-in.topic", topic);
    w.put("mp.messaging.incoming.records-in.group.id", "writer-" + suffix);
    w.put("mp.messaging.outgoing.unreadable-out.topic", dlq);
    w.put("mp.messaging.outgoing.batches-out.topic", batches);
    w.put("writer.table.schema", suffix);
    // the broker's minimum: a killed member's partitions move after 6 s, not the default 45 s
    w.put("mp.messaging.incoming.records-in.session.timeout.ms", "6000");
    w.put("mp.messaging.incoming.records-in.heartbeat.interval.ms", "2000");
    Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"), suffix);
    writer = new ServiceProcess("writer-service", PipelineRun.BASE_PORT + 60, w, logs);
  }

  @AfterEach
  void stop() throws Exception {
    if (writer != null) {
      writer.close();
    }
    Topics.delete(topic, batches, dlq);
    try (Connection c = trino();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table());
      s.execute("DROP SCHEMA IF EXISTS iceberg." + suffix);
    }
  }

  @Test
  void killedAtSeveralMomentsTheWriterLeavesEveryRecordExactlyOnce() throws Exception {
    List<PrecipRecord> records = GeneratedRecords.first(ROWS);
    produce(records);
    writer.start();
    writer.awaitReady(Duration.ofMinutes(2));

    Random moments = new Random(SEED);
    for (int kill = 1; kill <= KILLS; kill++) {
      long target = (long) ROWS * kill / (KILLS + 1);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(this::rows, n -> n >= target);
      // somewhere inside the next statement or between statements
      Thread.sleep(moments.nextInt(900));
      long before = rows();
      writer.kill();
      LOG.infof("kill %d of the writer at %d rows", kill, before);
      writer.start();
      writer.awaitReady(Duration.ofMinutes(2));
    }

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(this::rows, n -> n >= ROWS);
    // a late duplicate would come after the count is first reached
    Thread.sleep(5000);
    assertEquals(ROWS, rows(), "rows in the table");
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM (SELECT station, datatype, observed_at FROM "
                + table()
                + " GROUP BY 1, 2, 3 HAVING count(*) > 1)"),
        "natural keys held twice");
    assertEquals(
        ROWS,
        count(
            "SELECT count(*) FROM (SELECT DISTINCT source_page, source_index FROM "
                + table()
                + ")"),
        "every record, by its lineage");
    assertEquals(0, Topics.total(dlq), "nothing parked");
  }

  private void produce(List<PrecipRecord> records) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Stack.KAFKA,
            ProducerConfig.ACKS_CONFIG,
            "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (PrecipRecord r : records) {
        producer.send(new ProducerRecord<>(topic, r.station(), json.writeValueAsString(r)));
      }
      producer.flush();
    }
  }

  private String table() {
    return "iceberg." + suffix + ".precip_15";
  }

  private long rows() throws SQLException {
    return count("SELECT count(*) FROM " + table());
  }

  private long count(String sql) throws SQLException {
    try (Connection c = trino();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection trino() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "writer-crash-it");
    return DriverManager.getConnection(Stack.TRINO_JDBC, props);
  }
}
