package dev.precip.writer.repository;

import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.service.BatchRows;
import dev.precip.writer.service.PrecipRow;
import dev.precip.writer.service.TableName;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** JDBC access to the Iceberg table through Trino. */
@ApplicationScoped
public class PrecipTableRepository {

  private final AgroalDataSource trino;
  private final PrecipTableSql sql;
  private final int statementTimeoutSeconds;
  private final Timer inserts;

  public PrecipTableRepository(
      @DataSource("trino") AgroalDataSource trino, WriterConfig config, MeterRegistry registry) {
    this.trino = trino;
    this.sql =
        new PrecipTableSql(TableName.of(config.table()), config.table().commitRetryMaxWait());
    // Trino JDBC sends it as the statement's query_max_run_time
    this.statementTimeoutSeconds = (int) Math.max(1, config.statementTimeout().toSeconds());
    // against Trino's own time for the statement it shows what the client and the wait add
    this.inserts =
        Timer.builder("writer.statement")
            .description(
                "Time from sending an INSERT to Trino until it has committed, as the writer waits")
            .publishPercentileHistogram()
            .register(registry);
  }

  public void createIfMissing() throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql.createSchema());
      s.execute(sql.createTable());
    }
  }

  /** Inserts all the rows; returns how many. */
  public long insert(String batchId, String rowsJson) throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.insert())) {
      s.setQueryTimeout(statementTimeoutSeconds);
      s.setString(1, batchId);
      s.setString(2, rowsJson);
      long start = System.nanoTime();
      long rows = s.executeLargeUpdate();
      inserts.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return rows;
    }
  }

  /**
   * The table's identity: it changes when the table is dropped and created again under its name.
   */
  public String identity() throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.identity())) {
      StringBuilder identity = new StringBuilder();
      while (rs.next()) {
        identity.append(rs.getString(1)).append('=').append(rs.getString(2)).append(';');
      }
      return identity.toString();
    }
  }

  /** The keys the table holds of one batch, looked for within its event-time range. */
  public Set<PrecipRow> keysOf(LedgerBatch batch) throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.keysOfBatch())) {
      s.setQueryTimeout(statementTimeoutSeconds);
      s.setString(1, batch.batchId());
      s.setString(2, BatchRows.observedAt(batch.eventTimeMinMs()));
      s.setString(3, BatchRows.observedAt(batch.eventTimeMaxMs()));
      Set<PrecipRow> keys = new HashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          keys.add(new PrecipRow(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return keys;
    }
  }

  /** Whether a statement that names this batch is still queued or running in Trino. */
  public boolean running(String batchId) throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(PrecipTableSql.runningStatements())) {
      s.setQueryTimeout(statementTimeoutSeconds);
      s.setString(1, new StringBuilder(batchId).reverse().toString());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** Hands every key of the table, with its batch, to {@code sink} in chunks of {@code size}. */
  public long readKeys(int size, KeySink sink) throws SQLException {
    long read = 0;
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.allKeys())) {
      List<HeldKey> chunk = new ArrayList<>(size);
      while (rs.next()) {
        chunk.add(
            new HeldKey(
                new PrecipRow(rs.getString(1), rs.getString(2), rs.getLong(3)), rs.getString(4)));
        if (chunk.size() == size) {
          sink.accept(chunk);
          read += chunk.size();
          chunk = new ArrayList<>(size);
        }
      }
      if (!chunk.isEmpty()) {
        sink.accept(chunk);
        read += chunk.size();
      }
    }
    return read;
  }

  /** Every batch of the table with its rows and event-time range. */
  public List<LedgerBatch> batches() throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.batchSummaries())) {
      List<LedgerBatch> batches = new ArrayList<>();
      while (rs.next()) {
        batches.add(new LedgerBatch(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
      return batches;
    }
  }

  /** Receives keys read from the table. */
  @FunctionalInterface
  public interface KeySink {
    void accept(List<HeldKey> keys) throws SQLException;
  }
}
