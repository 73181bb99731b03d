package dev.precip.maintenance.service;

import dev.precip.maintenance.config.MaintenanceConfig;
import dev.precip.maintenance.repository.IcebergTableRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Refuses to start when a configured retention is shorter than the minimum the Iceberg catalog
 * allows ({@code iceberg.expire-snapshots.min-retention}, {@code
 * iceberg.remove-orphan-files.min-retention}): every such run would fail. If Trino cannot be
 * reached at start, the service starts and a run with a too-short retention fails with Trino's own
 * message.
 */
@ApplicationScoped
public class RetentionCheck {

  private static final Logger LOG = Logger.getLogger(RetentionCheck.class);

  /** Where a step's minimum retention lives: Trino's session property and catalog property. */
  record Minimum(String configKey, String sessionProperty, String catalogProperty) {}

  static final Map<Step, Minimum> MINIMUMS =
      Map.of(
          Step.EXPIRE_SNAPSHOTS,
          new Minimum(
              "maintenance.snapshot-retention",
              "expire_snapshots_min_retention",
              "iceberg.expire-snapshots.min-retention"),
          Step.REMOVE_ORPHAN_FILES,
          new Minimum(
              "maintenance.orphan-retention",
              "remove_orphan_files_min_retention",
              "iceberg.remove-orphan-files.min-retention"));

  private final MaintenanceConfig config;
  private final IcebergTableRepository tables;

  public RetentionCheck(MaintenanceConfig config, IcebergTableRepository tables) {
    this.config = config;
    this.tables = tables;
  }

  void onStart(@Observes StartupEvent event) {
    List<String> problems = new ArrayList<>();
    for (String catalog : catalogs(config.tables())) {
      Map<String, String> minimums;
      try {
        minimums = tables.sessionProperties(catalog, "%_min_retention");
      } catch (SQLException e) {
        LOG.warnf(
            "could not read the minimum retentions of catalog %s (%s); not checked at start",
            catalog, e.getMessage());
        continue;
      }
      problems.addAll(problems(config, catalog, minimums));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
  }

  /** What is wrong with the configured retentions against one catalog's minimums (text values). */
  static List<String> problems(
      MaintenanceConfig config, String catalog, Map<String, String> minimums) {
    Set<Step> used = new LinkedHashSet<>();
    used.addAll(Pass.LIGHT.steps(config));
    used.addAll(Pass.FULL.steps(config));
    List<String> problems = new ArrayList<>();
    for (Step step : used) {
      Minimum where = MINIMUMS.get(step);
      String minimumText =
          where == null ? null : minimums.get(catalog + "." + where.sessionProperty());
      if (minimumText == null) {
        continue;
      }
      Duration configured =
          step == Step.EXPIRE_SNAPSHOTS ? config.snapshotRetention() : config.orphanRetention();
      if (configured.compareTo(TrinoDuration.parse(minimumText)) < 0) {
        problems.add(
            String.format(
                "%s (%s) is shorter than the minimum retention of catalog %s (%s, set by its"
                    + " %s): lengthen the retention or lower the catalog's minimum",
                where.configKey(), configured, catalog, minimumText, where.catalogProperty()));
      }
    }
    return problems;
  }

  private static Set<String> catalogs(List<String> tables) {
    Set<String> catalogs = new LinkedHashSet<>();
    tables.forEach(t -> catalogs.add(t.substring(0, t.indexOf('.'))));
    return catalogs;
  }
}
