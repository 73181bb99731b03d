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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /** A batch as counted: the rows it announced and added, and the time its update took. */
  public record AppliedBatch(
      String batchId, Long announcedRows, long committedAtMs, long countedRows, long updateMs) {}

  /** Which of {@code batchIds} are counted already. */
  public Set<String> appliedAmong(Collection<String> batchIds) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT batch_id FROM applied_batches WHERE batch_id = ANY (?)")) {
      s.setArray(1, c.createArrayOf("varchar", batchIds.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        Set<String> applied = new HashSet<>();
        while (rs.next()) {
          applied.add(rs.getString(1));
        }
        return applied;
      }
    }
  }

  /** Records batches as counted, in one round trip; a batch recorded already stays as it was. */
  public void recordApplied(List<AppliedBatch> batches) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO applied_batches"
                    + " (batch_id, announced_rows, committed_at, counted_rows, aggregation_ms)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING")) {
      for (AppliedBatch batch : batches) {
        s.setString(1, batch.batchId());
        if (batch.announcedRows() == null) {
          s.setNull(2, Types.BIGINT);
        } else {
          s.setLong(2, batch.announcedRows());
        }
        s.setTimestamp(3, new Timestamp(batch.committedAtMs()));
        s.setLong(4, batch.countedRows());
        s.setInt(5, (int) Math.min(Integer.MAX_VALUE, batch.updateMs()));
        s.addBatch();
      }
      s.executeBatch();
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
