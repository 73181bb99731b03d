package dev.precip.metrics.repository;

import dev.precip.metrics.config.MetricsConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A PostgreSQL advisory lock shared by every metrics instance: batch updates hold it shared (many
 * at once), a recompute holds it exclusively, so a rebuild never replaces the table under a batch
 * update whose count it did not read. If a holder dies, PostgreSQL releases the lock with its
 * connection.
 */
@ApplicationScoped
public class UpdateLock {

  /** A held lock; closing it releases the lock. */
  public interface Held extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  private final AgroalDataSource postgres;
  private final long key;

  public UpdateLock(AgroalDataSource postgres, MetricsConfig config) {
    this.postgres = postgres;
    this.key = config.lockKey();
  }

  /** Waits until no recompute runs, then holds the lock shared. */
  public Held shared() throws SQLException {
    return acquire("pg_advisory_lock_shared", "pg_advisory_unlock_shared");
  }

  /** Waits until no batch update or other recompute runs, then holds the lock alone. */
  public Held exclusive() throws SQLException {
    return acquire("pg_advisory_lock", "pg_advisory_unlock");
  }

  private Held acquire(String lock, String unlock) throws SQLException {
    Connection c = postgres.getConnection();
    try {
      call(c, lock);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return () -> {
      try (c) {
        call(c, unlock);
      }
    };
  }

  private void call(Connection c, String function) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(?)")) {
      s.setLong(1, key);
      s.execute();
    }
  }
}
