package dev.precip.maintenance.service;

import java.util.List;

/**
 * Maintenance of one table within a run. {@code before}/{@code after} are null for a missing table.
 */
public record TableRun(
    String table, TableFigures before, TableFigures after, List<StepResult> steps, String note) {

  public boolean succeeded() {
    return steps.stream().allMatch(StepResult::succeeded);
  }
}
