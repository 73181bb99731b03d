package dev.precip.maintenance.service;

import dev.precip.maintenance.config.MaintenanceConfig;

/**
 * Trino's Iceberg table procedures, in the order a pass runs them: compaction first, so that the
 * files it replaces are expired and removed in the same pass.
 */
public enum Step {
  OPTIMIZE,
  OPTIMIZE_MANIFESTS,
  EXPIRE_SNAPSHOTS,
  REMOVE_ORPHAN_FILES;

  /** The procedure's name in {@code ALTER TABLE ... EXECUTE}. */
  public String procedureName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The procedure call with its arguments from typed configuration. */
  public String procedure(MaintenanceConfig config) {
    return switch (this) {
      case OPTIMIZE ->
          "optimize(file_size_threshold => '" + config.optimizeFileSizeThreshold() + "')";
      case OPTIMIZE_MANIFESTS -> "optimize_manifests";
      case EXPIRE_SNAPSHOTS ->
          "expire_snapshots(retention_threshold => '"
              + config.snapshotRetention().toSeconds()
              + "s')";
      case REMOVE_ORPHAN_FILES ->
          "remove_orphan_files(retention_threshold => '"
              + config.orphanRetention().toSeconds()
              + "s')";
    };
  }
}
