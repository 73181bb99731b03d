package dev.precip.maintenance.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.precip.maintenance.config.MaintenanceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetentionCheckTest {

  private final MaintenanceConfig config = mock(MaintenanceConfig.class);
  private final MaintenanceConfig.Pass light = mock(MaintenanceConfig.Pass.class);
  private final MaintenanceConfig.Pass full = mock(MaintenanceConfig.Pass.class);

  @BeforeEach
  void setUp() {
    when(config.light()).thenReturn(light);
    when(config.full()).thenReturn(full);
    when(light.steps()).thenReturn(List.of(Step.EXPIRE_SNAPSHOTS));
    when(full.steps()).thenReturn(List.of(Step.values()));
    when(config.snapshotRetention()).thenReturn(Duration.ofMinutes(10));
    when(config.orphanRetention()).thenReturn(Duration.ofHours(1));
  }

  @Test
  void retentionsAtLeastTheCatalogsMinimumsPass() {
    assertEquals(
        List.of(),
        RetentionCheck.problems(
            config,
            "iceberg",
            Map.of(
                "iceberg.expire_snapshots_min_retention", "10.00m",
                "iceberg.remove_orphan_files_min_retention", "1.00m")));
  }

  @Test
  void aRetentionBelowTheCatalogsMinimumIsAClearError() {
    assertEquals(
        List.of(
            "maintenance.snapshot-retention (PT10M) is shorter than the minimum retention of"
                + " catalog iceberg (7.00d, set by its iceberg.expire-snapshots.min-retention):"
                + " lengthen the retention or lower the catalog's minimum"),
        RetentionCheck.problems(
            config,
            "iceberg",
            Map.of(
                "iceberg.expire_snapshots_min_retention", "7.00d",
                "iceberg.remove_orphan_files_min_retention", "1.00h")));
  }

  @Test
  void aStepNoPassRunsIsNotChecked() {
    when(full.steps()).thenReturn(List.of(Step.OPTIMIZE, Step.EXPIRE_SNAPSHOTS));
    assertEquals(
        List.of(),
        RetentionCheck.problems(
            config,
            "iceberg",
            Map.of(
                "iceberg.expire_snapshots_min_retention", "1.00m",
                "iceberg.remove_orphan_files_min_retention", "7.00d")));
  }
}
