package dev.precip.maintenance.service;

import dev.precip.maintenance.config.MaintenanceConfig;
import dev.precip.maintenance.repository.IcebergTableRepository;
import dev.precip.maintenance.repository.RunHistoryRepository;
import dev.precip.maintenance.repository.RunLock;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One maintenance run: a pass's steps over every configured table, under a cluster-wide lock so
 * that no two runs ever overlap (a run that finds the lock taken is skipped and says why). Every
 * replica fires on the same cron ticks, so a scheduled run also claims its tick: a replica whose
 * run for that tick comes after another's has ended skips too, instead of running it again. A
 * failing step is retried, then recorded as failed, and the table's remaining steps still run: each
 * step only needs the table to be readable. Figures are read before the first step and after each.
 */
@ApplicationScoped
public class MaintenanceService {

  private static final Logger LOG = Logger.getLogger(MaintenanceService.class);

  private final IcebergTableRepository tables;
  private final StepExecutor executor;
  private final RunLock lock;
  private final RunHistoryRepository history;
  private final MaintenanceMetrics metrics;
  private final MaintenanceConfig config;
  private final String instance;

  public MaintenanceService(
      IcebergTableRepository tables,
      StepExecutor executor,
      RunLock lock,
      RunHistoryRepository history,
      MaintenanceMetrics metrics,
      MaintenanceConfig config) {
    this.tables = tables;
    this.executor = executor;
    this.lock = lock;
    this.history = history;
    this.metrics = metrics;
    this.config = config;
    this.instance = InstanceName.current();
  }

  /** Runs the pass now unless another run holds the lock; the returned run says which. */
  public MaintenanceRun run(Pass pass, String trigger) {
    return run(pass, trigger, null);
  }

  /**
   * Runs the pass for the cron tick {@code scheduledFor} unless another run holds the lock or
   * another replica has already run that tick.
   */
  public MaintenanceRun runScheduled(Pass pass, Instant scheduledFor) {
    return run(pass, "schedule", scheduledFor);
  }

  private MaintenanceRun run(Pass pass, String trigger, Instant scheduledFor) {
    RunRequest request = new RunRequest(pass, trigger, scheduledFor);
    Instant started = Instant.now();
    Optional<RunLock.Held> held;
    try {
      held = lock.tryAcquire(config.lockKey());
    } catch (SQLException e) {
      return skipped(request, started, "could not take the run lock: " + e.getMessage());
    }
    if (held.isEmpty()) {
      return skipped(request, started, "another maintenance run holds the lock");
    }
    try {
      // from the moment the lock is held, so that the history's runs never seem to overlap
      return runLocked(request, Instant.now());
    } finally {
      release(held.get());
    }
  }

  private static void release(RunLock.Held held) {
    try {
      held.close();
    } catch (SQLException e) {
      // PostgreSQL frees the lock with its connection, which the pool discards after this error
      LOG.warnf("releasing the run lock failed: %s", e.getMessage());
    }
  }

  private MaintenanceRun runLocked(RunRequest request, Instant started) {
    Pass pass = request.pass();
    long id;
    try {
      int abandoned = history.abandonUnfinished();
      if (abandoned > 0) {
        LOG.warnf(
            "%d earlier run(s) never finished (their instance died); marked ABANDONED", abandoned);
      }
      OptionalLong claimed =
          history.started(pass, request.trigger(), request.scheduledFor(), instance, started);
      if (claimed.isEmpty()) {
        return skipped(
            request, started, "another replica has run the tick of " + request.scheduledFor());
      }
      id = claimed.getAsLong();
    } catch (SQLException e) {
      return skipped(request, started, "the run history cannot be written: " + e.getMessage());
    }
    List<TableRun> results = new ArrayList<>();
    for (String table : config.tables()) {
      results.add(maintain(table, pass.steps(config)));
    }
    RunOutcome outcome =
        results.stream().allMatch(TableRun::succeeded) ? RunOutcome.SUCCEEDED : RunOutcome.FAILED;
    Instant finished = Instant.now();
    try {
      history.finished(id, finished, outcome, results);
      history.prune(finished.minus(config.historyRetention()));
    } catch (SQLException e) {
      // the run stays RUNNING in the history until the next run marks it ABANDONED
      LOG.errorf("run %d (%s) could not be recorded: %s", id, outcome, e.getMessage());
    }
    MaintenanceRun run =
        new MaintenanceRun(
            id,
            pass,
            request.trigger(),
            request.scheduledFor(),
            instance,
            started,
            finished,
            outcome,
            null,
            List.copyOf(results));
    metrics.recordRun(run);
    LOG.infof(
        "maintenance run %d (%s pass, %s) %s in %d ms",
        id, pass, request.trigger(), outcome, finished.toEpochMilli() - started.toEpochMilli());
    return run;
  }

  private TableRun maintain(String table, List<Step> steps) {
    TableFigures before;
    try {
      if (!tables.exists(table)) {
        return TableRun.missing(table);
      }
      before = tables.figures(table);
    } catch (SQLException e) {
      LOG.errorf("maintenance of %s: figures could not be read: %s", table, e.getMessage());
      return TableRun.unreadable(table, e.getMessage());
    }
    List<StepResult> results = new ArrayList<>();
    TableFigures current = before;
    for (Step step : steps) {
      StepResult result = step(table, step, current);
      results.add(result);
      current = result.after();
    }
    return new TableRun(table, before, current, List.copyOf(results), null, null);
  }

  private StepResult step(String table, Step step, TableFigures before) {
    AtomicInteger attempts = new AtomicInteger();
    long start = System.nanoTime();
    String error = null;
    try {
      executor.execute(table, step.procedure(config), attempts);
    } catch (SQLException e) {
      error = e.getMessage();
      LOG.errorf(
          "%s on %s failed after %d attempt(s): %s",
          step.procedureName(), table, attempts.get(), error);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    TableFigures after;
    try {
      after = tables.figures(table);
    } catch (SQLException e) {
      LOG.warnf("figures of %s after %s could not be read: %s", table, step, e.getMessage());
      after = null;
    }
    StepResult result =
        new StepResult(step, ms, attempts.get(), error == null, error, before, after);
    metrics.recordStep(table, result);
    return result;
  }

  private MaintenanceRun skipped(RunRequest request, Instant started, String why) {
    long id = 0;
    try {
      id =
          history.skipped(
              request.pass(), request.trigger(), request.scheduledFor(), instance, started, why);
    } catch (SQLException e) {
      LOG.errorf("a skipped run could not be recorded: %s", e.getMessage());
    }
    MaintenanceRun run =
        new MaintenanceRun(
            id,
            request.pass(),
            request.trigger(),
            request.scheduledFor(),
            instance,
            started,
            Instant.now(),
            RunOutcome.SKIPPED,
            why,
            List.of());
    metrics.recordRun(run);
    LOG.infof("maintenance run (%s pass, %s) skipped: %s", request.pass(), request.trigger(), why);
    return run;
  }

  /** What asked for a run: the pass, the trigger and, for a scheduled run, its cron tick. */
  private record RunRequest(Pass pass, String trigger, Instant scheduledFor) {}
}
