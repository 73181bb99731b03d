package dev.precip.it;

import dev.precip.contracts.PrecipRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writer instances on topics, a consumer group and an Iceberg schema of their own, fed directly
 * with records as the normalizer publishes them; the table is checked with queries through Trino.
 */
final class WriterRun implements AutoCloseable {

  private static final int PORT = PipelineRun.BASE_PORT + 60;

  private final String suffix;
  private final String topic;
  private final String batches;
  private final String dlq;
  private final Path logs;
  private final Map<String, String> config = new LinkedHashMap<>();

  WriterRun(String name) throws Exception {
    suffix = "it" + Long.toString(System.currentTimeMillis(), 36) + name;
    topic = "precip.records." + suffix;
    batches = "precip.batches.committed." + suffix;
    dlq = topic + ".writer.dlq";
    Topics.create(3, topic, batches);
    Topics.create(1, dlq);
    config.put("mp.messaging.incoming.records-in.topic", topic);
    config.put("mp.messaging.incoming.records-in.group.id", group());
    config.put("mp.messaging.outgoing.unreadable-out.topic", dlq);
    config.put("mp.messaging.outgoing.batches-out.topic", batches);
    config.put("writer.table.schema", suffix);
    // a killed member's partitions move after 10 s, not the default 45 s; statements must end
    // within half of that (the writer refuses to start otherwise)
    config.put("mp.messaging.incoming.records-in.session.timeout.ms", "10000");
    config.put("mp.messaging.incoming.records-in.heartbeat.interval.ms", "3000");
    config.put("writer.statement-timeout", "PT5S");
    logs = Path.of(System.getProperty("it.logs", "target/it-logs"), suffix);
  }

  /** Writer instance {@code n} (0, 1, ...), not started. */
  ServiceProcess writer(int n) {
    return writer(n, Map.of());
  }

  /** Writer instance {@code n} with settings of its own on top of the run's, not started. */
  ServiceProcess writer(int n, Map<String, String> overrides) {
    Map<String, String> own = new LinkedHashMap<>(config);
    own.putAll(overrides);
    return new ServiceProcess(
        "writer-service", PORT + n, own, n == 0 ? logs : logs.resolve("w" + n));
  }

  /** The Iceberg schema of the table (and of the metrics tables beside it). */
  String schema() {
    return suffix;
  }

  /** Where the writers announce committed batches. */
  String batchesTopic() {
    return batches;
  }

  String group() {
    return "writer-" + suffix;
  }

  String topic() {
    return topic;
  }

  String dlq() {
    return dlq;
  }

  String table() {
    return "iceberg." + suffix + ".precip_15";
  }

  /** Sends the records keyed by station, as the normalizer does. */
  void produce(List<PrecipRecord> records) throws Exception {
    Topics.produce(topic, records);
  }

  long rows() throws SQLException {
    return count("SELECT count(*) FROM " + table());
  }

  /** Natural keys (station, datatype, observed_at) present more than once. */
  long duplicateKeys() throws SQLException {
    return count(
        "SELECT count(*) FROM (SELECT station, datatype, observed_at FROM "
            + table()
            + " GROUP BY 1, 2, 3 HAVING count(*) > 1)");
  }

  /** Distinct input records (page, index) present. */
  long distinctRecords() throws SQLException {
    return count(
        "SELECT count(*) FROM (SELECT DISTINCT source_page, source_index FROM " + table() + ")");
  }

  long count(String sql) throws SQLException {
    return Stack.count("writer-it", sql);
  }

  @Override
  public void close() throws Exception {
    Topics.delete(topic, batches, dlq);
    try (Connection c = Stack.trino("writer-it");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table());
      s.execute("DROP SCHEMA IF EXISTS iceberg." + suffix);
    }
  }
}
