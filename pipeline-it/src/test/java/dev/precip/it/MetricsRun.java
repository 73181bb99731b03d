package dev.precip.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The metrics service over a {@link WriterRun}'s table and batch events, with a consumer group and
 * a PostgreSQL schema of its own, and the checks the metrics ITs make: what the service reports, a
 * full recomputation from the data table, the ledger.
 */
final class MetricsRun implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MetricsRun.class);
  private static final int PORT = PipelineRun.BASE_PORT + 90;
  private static final String WAITING_LEDGER_INSERTS =
      " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
          + " AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO applied_batches%'";

  private final WriterRun writers;
  private final String ledgerSchema;
  private final Map<String, String> config = new LinkedHashMap<>();
  private final Path logs;

  MetricsRun(WriterRun writers) throws Exception {
    this.writers = writers;
    Topics.create(1, writers.batchesTopic() + ".dlq");
    this.ledgerSchema = "metrics_" + writers.schema();
    config.put("mp.messaging.incoming.batches-in.topic", writers.batchesTopic());
    config.put("mp.messaging.incoming.batches-in.group.id", group());
    config.put("mp.messaging.outgoing.parked-out.topic", writers.batchesTopic() + ".dlq");
    // a killed instance's partitions move after 10 s, not the default 45 s
    config.put("mp.messaging.incoming.batches-in.session.timeout.ms", "10000");
    config.put("mp.messaging.incoming.batches-in.heartbeat.interval.ms", "3000");
    config.put("metrics.tables.schema", writers.schema());
    config.put("quarkus.flyway.schemas", ledgerSchema);
    config.put(
        "quarkus.datasource.jdbc.url", Stack.POSTGRES_JDBC + "?currentSchema=" + ledgerSchema);
    logs = Path.of(System.getProperty("it.logs", "target/it-logs"), writers.schema(), "metrics");
  }

  /** A metrics instance, not started; each call a new process with the same configuration. */
  ServiceProcess instance() {
    return new ServiceProcess("metrics-service", PORT, config, logs);
  }

  String group() {
    return "metrics-" + writers.schema();
  }

  /** The ledger table, schema-qualified, in PostgreSQL. */
  String ledger() {
    return ledgerSchema + ".applied_batches";
  }

  String partials() {
    return "iceberg." + writers.schema() + ".station_batch_metrics";
  }

  /** Per station, {@code total/missing} as the service reports them. */
  static Map<String, String> reported(ServiceProcess metrics) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode s : Http.get(metrics.uri("/metrics/stations"))) {
      out.put(s.get("station").asText(), s.get("total").asLong() + "/" + s.get("missing").asLong());
    }
    return out;
  }

  /** Per station, {@code total/missing} counted from the whole data table, here in the test. */
  Map<String, String> recomputed() throws SQLException {
    return recomputed(writers.table());
  }

  /** Per station, {@code total/missing} counted from a whole data table. */
  static Map<String, String> recomputed(String table) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = Stack.trino("metrics-it");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT station, count(*), count_if(value = 99999) FROM "
                    + table
                    + " GROUP BY station")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3));
      }
    }
    return out;
  }

  /** (station, batch) pairs the metrics table holds more than once. */
  long duplicatePartials() throws SQLException {
    return Stack.count(
        "metrics-it",
        "SELECT count(*) FROM (SELECT station, batch_id FROM "
            + partials()
            + " GROUP BY 1, 2 HAVING count(*) > 1)");
  }

  /** Distinct batches holding rows in the data table. */
  long batchesInTable() throws SQLException {
    return Stack.count("metrics-it", "SELECT count(DISTINCT batch_id) FROM " + writers.table());
  }

  long batchesCounted() throws SQLException {
    return Stack.count("metrics-it", "SELECT count(DISTINCT batch_id) FROM " + partials());
  }

  /** The single number a PostgreSQL query returns. */
  long postgresCount(String sql) throws SQLException {
    try (Connection c = Stack.postgres();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Server sessions whose ledger INSERT waits for a lock. */
  long waitingLedgerInserts() throws SQLException {
    return postgresCount("SELECT count(*)" + WAITING_LEDGER_INSERTS);
  }

  /** Ends the server sessions whose ledger INSERT waits for a lock; returns how many. */
  long terminateWaitingLedgerInserts() throws SQLException {
    return postgresCount("SELECT count(pg_terminate_backend(pid))" + WAITING_LEDGER_INSERTS);
  }

  /** True once every batch event is consumed and acknowledged by the metrics group. */
  boolean caughtUp() throws Exception {
    return Topics.lag(group(), writers.batchesTopic()) == 0;
  }

  @Override
  public void close() throws Exception {
    try (Connection c = Stack.trino("metrics-it");
        Statement s = c.createStatement()) {
      s.execute("DROP VIEW IF EXISTS iceberg." + writers.schema() + ".station_missing");
      s.execute("DROP TABLE IF EXISTS " + partials());
    } catch (SQLException e) {
      LOG.warnf("could not drop the metrics tables of %s: %s", writers.schema(), e.getMessage());
    }
    try (Connection c = Stack.postgres();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + ledgerSchema + " CASCADE");
    }
    Topics.delete(writers.batchesTopic() + ".dlq");
  }
}
