package dev.precip.maintenance.service;

import dev.precip.maintenance.config.MaintenanceConfig;
import dev.precip.maintenance.repository.IcebergTableRepository;
import dev.precip.maintenance.repository.RunLock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One maintenance run over every configured table: {@code optimize}, {@code optimize_manifests},
 * {@code expire_snapshots}, {@code remove_orphan_files}, in that order (compaction first, so the
 * files it replaces are expired and removed in the same run). A failing step is recorded and the
 * remaining steps still run; figures are read before and after.
 */
@ApplicationScoped
public class MaintenanceService {

  private static final Logger LOG = Logger.getLogger(MaintenanceService.class);

  private final IcebergTableRepository tables;
  private final RunLock lock;
  private final RunHistory history;
  private final MaintenanceConfig config;
  private final MeterRegistry registry;

  public MaintenanceService(
      IcebergTableRepository tables,
      RunLock lock,
      RunHistory history,
      MaintenanceConfig config,
      MeterRegistry registry) {
    this.tables = tables;
    this.lock = lock;
    this.history = history;
    this.config = config;
    this.registry = registry;
  }

  /** Runs now unless another run holds the lock, in which case the skipped run says so. */
  public MaintenanceRun run(String trigger) {
    Instant started = Instant.now();
    MaintenanceRun run;
    try {
      Optional<RunLock.Held> held = lock.tryAcquire(config.lockKey());
      if (held.isEmpty()) {
        run = skipped(trigger, started, "another maintenance run holds the lock");
      } else {
        try (RunLock.Held ignored = held.get()) {
          run = runLocked(trigger, started);
        }
      }
    } catch (SQLException e) {
      run = skipped(trigger, started, "could not take the run lock: " + e.getMessage());
    }
    history.add(run);
    registry.counter("maintenance.runs", "outcome", run.outcome().name()).increment();
    LOG.infof("maintenance run (%s) %s", trigger, run.outcome());
    return run;
  }

  private MaintenanceRun runLocked(String trigger, Instant started) {
    List<TableRun> results = new ArrayList<>();
    for (String table : config.tables()) {
      results.add(maintain(table));
    }
    boolean ok = results.stream().allMatch(TableRun::succeeded);
    return new MaintenanceRun(
        trigger,
        started,
        Instant.now(),
        ok ? RunOutcome.SUCCEEDED : RunOutcome.FAILED,
        null,
        results);
  }

  private TableRun maintain(String table) {
    try {
      if (!tables.exists(table)) {
        return new TableRun(table, null, null, List.of(), "table does not exist yet");
      }
      TableFigures before = tables.figures(table);
      List<StepResult> steps = new ArrayList<>();
      for (String procedure : procedures()) {
        steps.add(step(table, procedure));
      }
      TableFigures after = tables.figures(table);
      return new TableRun(table, before, after, steps, null);
    } catch (SQLException e) {
      LOG.errorf("maintenance of %s failed: %s", table, e.getMessage());
      return new TableRun(
          table,
          null,
          null,
          List.of(new StepResult("read figures", 0, false, e.getMessage())),
          null);
    }
  }

  private StepResult step(String table, String procedure) {
    long start = System.nanoTime();
    String name = procedure.replaceAll("\\(.*", "");
    Timer timer = registry.timer("maintenance.step.duration", "procedure", name);
    try {
      tables.execute(table, procedure);
      long ms = (System.nanoTime() - start) / 1_000_000;
      timer.record(java.time.Duration.ofMillis(ms));
      return new StepResult(name, ms, true, null);
    } catch (SQLException e) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      registry.counter("maintenance.step.failures", "procedure", name).increment();
      LOG.errorf("%s on %s failed: %s", name, table, e.getMessage());
      return new StepResult(name, ms, false, e.getMessage());
    }
  }

  /** The procedures in run order, with their arguments from typed configuration. */
  List<String> procedures() {
    return List.of(
        "optimize(file_size_threshold => '" + config.optimizeFileSizeThreshold() + "')",
        "optimize_manifests",
        "expire_snapshots(retention_threshold => '"
            + config.snapshotRetention().toSeconds()
            + "s')",
        "remove_orphan_files(retention_threshold => '"
            + config.orphanRetention().toSeconds()
            + "s')");
  }

  private static MaintenanceRun skipped(String trigger, Instant started, String why) {
    return new MaintenanceRun(trigger, started, Instant.now(), RunOutcome.SKIPPED, why, List.of());
  }
}
