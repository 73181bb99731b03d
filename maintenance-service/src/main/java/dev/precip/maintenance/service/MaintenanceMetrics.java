package dev.precip.maintenance.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The service's meters: runs by pass and outcome, step durations, retries and failures, and each
 * table's figures before and after its latest run in this instance.
 */
@ApplicationScoped
public class MaintenanceMetrics {

  private static final Map<String, ToLongFunction<TableFigures>> FIGURES =
      Map.of(
          "maintenance.table.data.files", TableFigures::dataFiles,
          "maintenance.table.delete.files", TableFigures::deleteFiles,
          "maintenance.table.bytes", TableFigures::totalBytes,
          "maintenance.table.records", TableFigures::records,
          "maintenance.table.snapshots", TableFigures::snapshots,
          "maintenance.table.manifests", TableFigures::manifests);

  private final MeterRegistry registry;
  private final Map<String, TableRun> latest = new ConcurrentHashMap<>();

  public MaintenanceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void recordRun(MaintenanceRun run) {
    registry
        .counter("maintenance.runs", "pass", run.pass().name(), "outcome", run.outcome().name())
        .increment();
    for (TableRun table : run.tables()) {
      if (table.before() != null
          && table.after() != null
          && latest.put(table.table(), table) == null) {
        registerGauges(table.table());
      }
    }
  }

  void recordStep(String table, StepResult step) {
    Tags tags =
        Tags.of(
            "table",
            table,
            "step",
            step.step().procedureName(),
            "outcome",
            step.succeeded() ? "succeeded" : "failed");
    registry.timer("maintenance.step.duration", tags).record(Duration.ofMillis(step.durationMs()));
    if (step.attempts() > 1) {
      registry
          .counter("maintenance.step.retries", "table", table, "step", step.step().procedureName())
          .increment(step.attempts() - 1.0);
    }
  }

  private void registerGauges(String table) {
    FIGURES.forEach(
        (name, figure) -> {
          Gauge.builder(name, () -> figure.applyAsLong(latest.get(table).before()))
              .tags("table", table, "when", "before")
              .register(registry);
          Gauge.builder(name, () -> figure.applyAsLong(latest.get(table).after()))
              .tags("table", table, "when", "after")
              .register(registry);
        });
  }
}
