package dev.precip.writer.repository;

import dev.precip.writer.config.WriterConfig;
import dev.precip.writer.service.TableName;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** JDBC access to the Iceberg table through Trino. */
@ApplicationScoped
public class PrecipTableRepository {

  private final AgroalDataSource trino;
  private final PrecipTableSql sql;
  private final int statementTimeoutSeconds;

  public PrecipTableRepository(@DataSource("trino") AgroalDataSource trino, WriterConfig config) {
    this.trino = trino;
    this.sql = new PrecipTableSql(TableName.of(config.table()));
    // Trino JDBC sends it as the statement's query_max_run_time
    this.statementTimeoutSeconds = (int) Math.max(1, config.statementTimeout().toSeconds());
  }

  public void createIfMissing() throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql.createSchema());
      s.execute(sql.createTable());
    }
  }

  /** Returns the number of rows inserted (rows already present are skipped). */
  public long insertNew(
      String batchId, String rowsJson, String firstObservedAt, String lastObservedAt)
      throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.insertNew())) {
      s.setQueryTimeout(statementTimeoutSeconds);
      s.setString(1, batchId);
      s.setString(2, rowsJson);
      s.setString(3, firstObservedAt);
      s.setString(4, lastObservedAt);
      return s.executeLargeUpdate();
    }
  }

  /** Ids of other batches that already hold some of these rows. */
  public List<String> batchesHolding(
      String rowsJson, String firstObservedAt, String lastObservedAt, String batchId)
      throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.batchesHolding())) {
      s.setQueryTimeout(statementTimeoutSeconds);
      s.setString(1, rowsJson);
      s.setString(2, firstObservedAt);
      s.setString(3, lastObservedAt);
      s.setString(4, batchId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }
}
