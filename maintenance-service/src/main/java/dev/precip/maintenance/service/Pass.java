package dev.precip.maintenance.service;

import dev.precip.maintenance.config.MaintenanceConfig;
import java.util.List;

/** The two kinds of run; both take the same lock, so they never overlap. */
public enum Pass {
  LIGHT,
  FULL;

  /** The configured steps, in {@link Step}'s order whatever order the configuration gives. */
  public List<Step> steps(MaintenanceConfig config) {
    MaintenanceConfig.Pass pass = this == LIGHT ? config.light() : config.full();
    return pass.steps().stream().distinct().sorted().toList();
  }
}
