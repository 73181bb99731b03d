package dev.precip.maintenance.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A PostgreSQL session-level advisory lock: held by at most one connection in the whole cluster, so
 * at most one maintenance run at a time across every replica. If the holder dies, PostgreSQL
 * releases the lock with its connection.
 */
@ApplicationScoped
public class RunLock {

  /** A held lock; closing it releases the lock. */
  public interface Held extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  private final AgroalDataSource postgres;

  public RunLock(AgroalDataSource postgres) {
    this.postgres = postgres;
  }

  /** The lock if it was free, empty if someone holds it. Never waits. */
  public Optional<Held> tryAcquire(long key) throws SQLException {
    Connection c = postgres.getConnection();
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      s.setLong(1, key);
      try (ResultSet rs = s.executeQuery()) {
        if (rs.next() && rs.getBoolean(1)) {
          return Optional.of(() -> release(c, key));
        }
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    c.close();
    return Optional.empty();
  }

  private static void release(Connection c, long key) throws SQLException {
    try (c;
        PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      s.setLong(1, key);
      s.execute();
    }
  }
}
