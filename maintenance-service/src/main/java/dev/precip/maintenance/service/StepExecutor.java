package dev.precip.maintenance.service;

import dev.precip.maintenance.repository.IcebergTableRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * Runs one procedure, retrying a failure: a commit that conflicts with a concurrent writer's (after
 * Iceberg's own retries inside Trino), or Trino restarting. Every procedure is safe to run again.
 * Tune with {@code
 * quarkus.fault-tolerance."dev.precip.maintenance.service.StepExecutor/execute".retry.*}.
 */
@ApplicationScoped
public class StepExecutor {

  private static final Logger LOG = Logger.getLogger(StepExecutor.class);

  private final IcebergTableRepository tables;

  public StepExecutor(IcebergTableRepository tables) {
    this.tables = tables;
  }

  /** Counts each attempt in {@code attempts}, so that the history shows the retries. */
  @Retry(maxRetries = 3, delay = 5, delayUnit = ChronoUnit.SECONDS, jitter = 1000)
  public void execute(String table, String procedure, AtomicInteger attempts) throws SQLException {
    int attempt = attempts.incrementAndGet();
    try {
      tables.execute(table, procedure);
    } catch (SQLException e) {
      LOG.warnf("%s on %s, attempt %d failed: %s", procedure, table, attempt, e.getMessage());
      throw e;
    }
  }
}
