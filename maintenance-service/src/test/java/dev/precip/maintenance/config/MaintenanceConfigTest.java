package dev.precip.maintenance.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.maintenance.service.Pass;
import dev.precip.maintenance.service.Step;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceConfigTest {

  private static MaintenanceConfig config(Map<String, String> values) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(MaintenanceConfig.class)
            .withSources(new PropertiesConfigSource(values, "test", 100))
            .build();
    return config.getConfigMapping(MaintenanceConfig.class);
  }

  @Test
  void stepsAreNamedAsTrinosProceduresAndRunInTheirFixedOrder() {
    MaintenanceConfig config =
        config(
            Map.of(
                "maintenance.light.cron", "off",
                "maintenance.light.steps", "expire_snapshots,optimize_manifests",
                "maintenance.full.cron", "off",
                "maintenance.full.steps", "remove_orphan_files,optimize"));

    assertEquals(List.of(Step.OPTIMIZE_MANIFESTS, Step.EXPIRE_SNAPSHOTS), Pass.LIGHT.steps(config));
    assertEquals(List.of(Step.OPTIMIZE, Step.REMOVE_ORPHAN_FILES), Pass.FULL.steps(config));
    assertEquals(Duration.ofMinutes(1), config.snapshotRetention());
  }
}
