package dev.precip.maintenance.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.startsWith;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.maintenance.config.MaintenanceConfig;
import dev.precip.maintenance.repository.IcebergTableRepository;
import dev.precip.maintenance.repository.RunHistoryRepository;
import dev.precip.maintenance.repository.RunLock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run's logic over mocked Trino, lock and history (the ITs run it on the real stack). */
class MaintenanceServiceTest {

  private static final String TABLE = "iceberg.noaa.precip_15";
  private static final TableFigures SMALL_FILES = new TableFigures(10, 1, 1000, 5000, 5, 3);
  private static final TableFigures COMPACTED = new TableFigures(2, 0, 900, 5000, 6, 3);

  private final IcebergTableRepository tables = mock(IcebergTableRepository.class);
  private final RunLock lock = mock(RunLock.class);
  private final RunHistoryRepository history = mock(RunHistoryRepository.class);
  private final MaintenanceConfig config = mock(MaintenanceConfig.class);
  private final MaintenanceConfig.Pass full = mock(MaintenanceConfig.Pass.class);
  private final AtomicBoolean released = new AtomicBoolean();
  private MaintenanceService service;

  @BeforeEach
  void setUp() throws Exception {
    when(config.tables()).thenReturn(List.of(TABLE));
    when(config.full()).thenReturn(full);
    when(full.steps()).thenReturn(List.of(Step.values()));
    when(config.optimizeFileSizeThreshold()).thenReturn("128MB");
    when(config.snapshotRetention()).thenReturn(Duration.ofMinutes(10));
    when(config.orphanRetention()).thenReturn(Duration.ofHours(1));
    when(config.historyRetention()).thenReturn(Duration.ofDays(30));
    when(tables.exists(TABLE)).thenReturn(true);
    when(tables.figures(TABLE)).thenReturn(SMALL_FILES);
    when(lock.tryAcquire(anyLong())).thenReturn(Optional.of(() -> released.set(true)));
    when(history.started(any(), anyString(), any(), anyString(), any()))
        .thenReturn(OptionalLong.of(7L));
    service =
        new MaintenanceService(
            tables,
            new StepExecutor(tables),
            lock,
            history,
            new MaintenanceMetrics(new SimpleMeterRegistry()),
            config);
  }

  @Test
  void proceduresUseTrinosSyntaxAndTheConfiguredRetention() throws Exception {
    service.run(Pass.FULL, "test");
    verify(tables).execute(TABLE, "optimize(file_size_threshold => '128MB')");
    verify(tables).execute(TABLE, "optimize_manifests");
    verify(tables).execute(TABLE, "expire_snapshots(retention_threshold => '600s')");
    verify(tables).execute(TABLE, "remove_orphan_files(retention_threshold => '3600s')");
  }

  @Test
  void aRunWhileAnotherHoldsTheLockIsSkippedRecordedAndSaysWhy() throws Exception {
    when(lock.tryAcquire(anyLong())).thenReturn(Optional.empty());
    MaintenanceRun run = service.run(Pass.FULL, "test");
    assertEquals(RunOutcome.SKIPPED, run.outcome());
    assertEquals("another maintenance run holds the lock", run.skippedBecause());
    verify(history)
        .skipped(
            eq(Pass.FULL),
            eq("test"),
            isNull(),
            anyString(),
            any(),
            eq("another maintenance run holds the lock"));
    verify(tables, never()).execute(anyString(), anyString());
  }

  @Test
  void aLockThatCannotBeTakenSkipsTheRunWithTheReason() throws Exception {
    when(lock.tryAcquire(anyLong())).thenThrow(new SQLException("Connection refused"));
    MaintenanceRun run = service.run(Pass.FULL, "test");
    assertEquals(RunOutcome.SKIPPED, run.outcome());
    assertEquals("could not take the run lock: Connection refused", run.skippedBecause());
    verify(tables, never()).execute(anyString(), anyString());
  }

  @Test
  void aFailingStepIsReportedAndTheLaterStepsStillRun() throws Exception {
    doThrow(new SQLException("Retention specified (0.00s) is shorter than the minimum"))
        .when(tables)
        .execute(eq(TABLE), startsWith("expire_snapshots"));

    MaintenanceRun run = service.run(Pass.FULL, "test");

    assertEquals(RunOutcome.FAILED, run.outcome());
    TableRun table = run.tables().get(0);
    assertFalse(table.succeeded());
    StepResult expire = table.steps().get(2);
    assertEquals(Step.EXPIRE_SNAPSHOTS, expire.step());
    assertFalse(expire.succeeded());
    assertEquals("Retention specified (0.00s) is shorter than the minimum", expire.error());
    assertTrue(table.steps().get(3).succeeded());
    verify(tables).execute(eq(TABLE), startsWith("remove_orphan_files"));
    verify(history).finished(eq(7L), any(), eq(RunOutcome.FAILED), eq(run.tables()));
    assertTrue(released.get());
  }

  @Test
  void theLightPassRunsOnlyItsSteps() throws Exception {
    MaintenanceConfig.Pass light = mock(MaintenanceConfig.Pass.class);
    when(config.light()).thenReturn(light);
    when(light.steps()).thenReturn(List.of(Step.EXPIRE_SNAPSHOTS));
    MaintenanceRun run = service.run(Pass.LIGHT, "test");
    assertEquals(
        List.of(Step.EXPIRE_SNAPSHOTS),
        run.tables().get(0).steps().stream().map(StepResult::step).toList());
    verify(tables, never()).execute(eq(TABLE), startsWith("optimize"));
  }

  @Test
  void aMissingTableIsNotedNotFailed() throws Exception {
    when(tables.exists(TABLE)).thenReturn(false);
    MaintenanceRun run = service.run(Pass.FULL, "test");
    assertEquals(RunOutcome.SUCCEEDED, run.outcome());
    assertEquals("table does not exist yet", run.tables().get(0).note());
  }

  @Test
  void anUnreadableTableFailsTheRunAndTheOtherTablesStillRun() throws Exception {
    String metrics = "iceberg.noaa.station_batch_metrics";
    when(config.tables()).thenReturn(List.of(TABLE, metrics));
    when(tables.exists(TABLE)).thenThrow(new SQLException("Query failed: Access Denied"));
    when(tables.exists(metrics)).thenReturn(true);
    when(tables.figures(metrics)).thenReturn(SMALL_FILES);

    MaintenanceRun run = service.run(Pass.FULL, "test");

    assertEquals(RunOutcome.FAILED, run.outcome());
    assertEquals(
        "figures could not be read: Query failed: Access Denied", run.tables().get(0).error());
    assertTrue(run.tables().get(1).succeeded());
    verify(tables).execute(metrics, "optimize_manifests");
  }

  @Test
  void eachStepCarriesTheFiguresBeforeAndAfterIt() throws Exception {
    when(tables.figures(TABLE)).thenReturn(SMALL_FILES, COMPACTED);
    TableRun table = service.run(Pass.FULL, "test").tables().get(0);
    StepResult optimize = table.steps().get(0);
    assertEquals(SMALL_FILES, optimize.before());
    assertEquals(COMPACTED, optimize.after());
    assertEquals(COMPACTED, table.steps().get(1).before());
    assertEquals(SMALL_FILES, table.before());
    assertEquals(COMPACTED, table.after());
  }

  @Test
  void unfinishedRunsOfDeadInstancesAreMarkedOnceTheLockIsHeld() throws Exception {
    service.run(Pass.FULL, "test");
    verify(history).abandonUnfinished();
  }

  @Test
  void aRunThatCannotBeRecordedDoesNoWork() throws Exception {
    when(history.started(any(), anyString(), any(), anyString(), any()))
        .thenThrow(new SQLException("relation maintenance_run does not exist"));
    MaintenanceRun run = service.run(Pass.FULL, "test");
    assertEquals(RunOutcome.SKIPPED, run.outcome());
    assertEquals(
        "the run history cannot be written: relation maintenance_run does not exist",
        run.skippedBecause());
    verify(tables, never()).execute(anyString(), anyString());
    assertTrue(released.get());
  }

  @Test
  void aSucceededRunHasNoSkipReason() {
    MaintenanceRun run = service.run(Pass.FULL, "test");
    assertEquals(RunOutcome.SUCCEEDED, run.outcome());
    assertNull(run.skippedBecause());
    assertEquals(7L, run.id());
  }

  @Test
  void aScheduledRunClaimsItsTick() throws Exception {
    Instant tick = Instant.parse("2026-12-05T03:00:10Z");
    MaintenanceRun run = service.runScheduled(Pass.FULL, tick);
    assertEquals(RunOutcome.SUCCEEDED, run.outcome());
    assertEquals(tick, run.scheduledFor());
    verify(history).started(eq(Pass.FULL), eq("schedule"), eq(tick), anyString(), any());
  }

  @Test
  void aTickAnotherReplicaHasRunIsSkippedWithoutWorkAndSaysWhy() throws Exception {
    Instant tick = Instant.parse("2026-12-05T03:00:10Z");
    when(history.started(any(), anyString(), eq(tick), anyString(), any()))
        .thenReturn(OptionalLong.empty());

    MaintenanceRun run = service.runScheduled(Pass.FULL, tick);

    assertEquals(RunOutcome.SKIPPED, run.outcome());
    String why = "another replica has run the tick of 2026-12-05T03:00:10Z";
    assertEquals(why, run.skippedBecause());
    verify(history).skipped(eq(Pass.FULL), eq("schedule"), eq(tick), anyString(), any(), eq(why));
    verify(tables, never()).execute(anyString(), anyString());
    assertTrue(released.get());
  }
}
