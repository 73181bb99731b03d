package dev.precip.maintenance.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Maintenance of one table within a run: its figures before the first step and after the last (null
 * where they could not be read, with the error, or for a missing table, with a note), and each
 * step.
 */
@RegisterForReflection // stored as JSON in the run history and returned by the REST API
public record TableRun(
    String table,
    TableFigures before,
    TableFigures after,
    List<StepResult> steps,
    String note,
    String error) {

  public boolean succeeded() {
    return error == null && steps.stream().allMatch(StepResult::succeeded);
  }

  static TableRun missing(String table) {
    return new TableRun(table, null, null, List.of(), "table does not exist yet", null);
  }

  static TableRun unreadable(String table, String error) {
    return new TableRun(table, null, null, List.of(), null, "figures could not be read: " + error);
  }
}
