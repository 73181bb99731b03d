package dev.precip.maintenance.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.maintenance.config.MaintenanceConfig;
import dev.precip.maintenance.repository.IcebergTableRepository;
import dev.precip.maintenance.repository.RunLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaintenanceServiceTest {

  private static final String TABLE = "iceberg.noaa.precip_15";

  private final IcebergTableRepository tables = mock(IcebergTableRepository.class);
  private final RunLock lock = mock(RunLock.class);
  private final MaintenanceConfig config = mock(MaintenanceConfig.class);
  private MaintenanceService service;

  @BeforeEach
  void setUp() throws Exception {
    when(config.tables()).thenReturn(List.of(TABLE));
    when(config.optimizeFileSizeThreshold()).thenReturn("128MB");
    when(config.snapshotRetention()).thenReturn(Duration.ofDays(7));
    when(config.orphanRetention()).thenReturn(Duration.ofHours(1));
    when(config.historySize()).thenReturn(10);
    when(tables.exists(TABLE)).thenReturn(true);
    when(tables.figures(TABLE)).thenReturn(new TableFigures(10, 1, 1000, 5, 3));
    service =
        new MaintenanceService(
            tables, lock, new RunHistory(config), config, new SimpleMeterRegistry());
  }

  @Test
  void proceduresUseTrinosSyntaxAndTheConfiguredRetention() {
    assertEquals(
        List.of(
            "optimize(file_size_threshold => '128MB')",
            "optimize_manifests",
            "expire_snapshots(retention_threshold => '604800s')",
            "remove_orphan_files(retention_threshold => '3600s')"),
        service.procedures());
  }

  @Test
  void aRunWhileAnotherHoldsTheLockIsSkippedAndSaysWhy() throws Exception {
    when(lock.tryAcquire(anyLong())).thenReturn(Optional.empty());
    MaintenanceRun run = service.run("test");
    assertEquals(RunOutcome.SKIPPED, run.outcome());
    assertEquals("another maintenance run holds the lock", run.skippedBecause());
    verify(tables, never()).execute(anyString(), anyString());
  }

  @Test
  void aFailingStepIsReportedAndTheLaterStepsStillRun() throws Exception {
    when(lock.tryAcquire(anyLong())).thenReturn(Optional.of(() -> {}));
    doThrow(new SQLException("Retention specified (0.00s) is shorter than the minimum"))
        .when(tables)
        .execute(eq(TABLE), startsWith("expire_snapshots"));

    MaintenanceRun run = service.run("test");

    assertEquals(RunOutcome.FAILED, run.outcome());
    TableRun table = run.tables().get(0);
    assertFalse(table.succeeded());
    StepResult expire = table.steps().get(2);
    assertEquals("expire_snapshots", expire.procedure());
    assertFalse(expire.succeeded());
    assertEquals("Retention specified (0.00s) is shorter than the minimum", expire.error());
    verify(tables).execute(eq(TABLE), startsWith("remove_orphan_files"));
  }

  @Test
  void aMissingTableIsNotedNotFailed() throws Exception {
    when(lock.tryAcquire(anyLong())).thenReturn(Optional.of(() -> {}));
    when(tables.exists(TABLE)).thenReturn(false);
    MaintenanceRun run = service.run("test");
    assertEquals(RunOutcome.SUCCEEDED, run.outcome());
    assertEquals("table does not exist yet", run.tables().get(0).note());
  }

  @Test
  void beforeAndAfterFiguresAreRecorded() throws Exception {
    when(lock.tryAcquire(anyLong())).thenReturn(Optional.of(() -> {}));
    when(tables.figures(TABLE))
        .thenReturn(new TableFigures(10, 1, 1000, 5, 3), new TableFigures(2, 0, 900, 1, 1));
    TableRun table = service.run("test").tables().get(0);
    assertEquals(10, table.before().dataFiles());
    assertEquals(2, table.after().dataFiles());
    assertEquals(1, table.after().snapshots());
  }
}
