package dev.precip.metrics.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The batches already counted, in PostgreSQL: the metrics service's watermark. A batch is recorded
 * here only after its counts are in Iceberg.
 */
@ApplicationScoped
public class LedgerRepository {

  /** Batches applied and the latest commit time among them. */
  public record Watermark(long batches, Optional<Instant> lastCommittedAt) {}

  private final AgroalDataSource postgres;

  public LedgerRepository(AgroalDataSource postgres) {
    this.postgres = postgres;
  }

  public boolean isApplied(String batchId) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT 1 FROM applied_batches WHERE batch_id = ?")) {
      s.setString(1, batchId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  public void recordApplied(String batchId, Long rows, long committedAtMs) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO applied_batches (batch_id, announced_rows, committed_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (batch_id) DO NOTHING")) {
      s.setString(1, batchId);
      if (rows == null) {
        s.setNull(2, java.sql.Types.BIGINT);
      } else {
        s.setLong(2, rows);
      }
      s.setTimestamp(3, new Timestamp(committedAtMs));
      s.executeUpdate();
    }
  }

  public Watermark watermark() throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*), max(committed_at) FROM applied_batches");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      Timestamp last = rs.getTimestamp(2);
      return new Watermark(rs.getLong(1), Optional.ofNullable(last).map(Timestamp::toInstant));
    }
  }
}
