package dev.precip.maintenance.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;

import dev.precip.maintenance.repository.IcebergTableRepository;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The step's retry as Fault Tolerance applies it (delays shortened in the test profile). */
@QuarkusTest
class StepExecutorTest {

  private static final String TABLE = "iceberg.noaa.precip_15";
  private static final SQLException CONFLICT =
      new SQLException(
          "Failed to commit the transaction during optimize: Commit failed: Requirement failed:"
              + " branch main has changed");

  @Inject StepExecutor executor;
  @InjectMock IcebergTableRepository tables;

  @Test
  void aCommitConflictIsRetriedAndTheAttemptsCounted() throws Exception {
    doThrow(CONFLICT).doNothing().when(tables).execute(TABLE, "optimize_manifests");
    AtomicInteger attempts = new AtomicInteger();
    executor.execute(TABLE, "optimize_manifests", attempts);
    assertEquals(2, attempts.get());
  }

  @Test
  void aStepFailingEveryAttemptFailsAfterTheRetries() throws Exception {
    doThrow(CONFLICT).when(tables).execute(TABLE, "optimize_manifests");
    AtomicInteger attempts = new AtomicInteger();
    SQLException failure =
        assertThrows(
            SQLException.class, () -> executor.execute(TABLE, "optimize_manifests", attempts));
    assertEquals(CONFLICT.getMessage(), failure.getMessage());
    assertEquals(4, attempts.get(), "the first attempt and 3 retries");
  }

  @Test
  void aStepThatSucceedsRunsOnce() throws Exception {
    doNothing().when(tables).execute(TABLE, "optimize_manifests");
    AtomicInteger attempts = new AtomicInteger();
    executor.execute(TABLE, "optimize_manifests", attempts);
    assertEquals(1, attempts.get());
  }
}
