package dev.precip.metrics.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * The batches already counted, in PostgreSQL: the metrics service's watermark. A batch is recorded
 * here only after its counts are in Iceberg.
 */
@ApplicationScoped
public class LedgerRepository {

  /**
   * Batches counted so far, and the commit time of the newest of them. It is a high-water mark, not
   * a filter: a batch committed earlier but announced later is still counted when its event comes.
   */
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

  /**
   * Records a batch as counted, with the rows it added to the metrics and the time counting took.
   */
  public void recordApplied(
      String batchId, Long announcedRows, long committedAtMs, long countedRows, long aggregationMs)
      throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO applied_batches"
                    + " (batch_id, announced_rows, committed_at, counted_rows, aggregation_ms)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING")) {
      s.setString(1, batchId);
      if (announcedRows == null) {
        s.setNull(2, Types.BIGINT);
      } else {
        s.setLong(2, announcedRows);
      }
      s.setTimestamp(3, new Timestamp(committedAtMs));
      s.setLong(4, countedRows);
      s.setInt(5, (int) Math.min(Integer.MAX_VALUE, aggregationMs));
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
