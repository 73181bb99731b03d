package dev.precip.maintenance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;

/** Configuration of the maintenance service (prefix {@code maintenance}). */
@ConfigMapping(prefix = "maintenance")
public interface MaintenanceConfig {

  /**
   * When scheduled runs start (Quarkus cron, seconds first); {@code off} disables the schedule and
   * leaves the REST trigger.
   */
  @WithDefault("0 0 * * * ?")
  String cron();

  /** Tables to maintain, as {@code catalog.schema.table}, in this order. */
  @WithDefault("iceberg.noaa.precip_15,iceberg.noaa.station_batch_metrics")
  List<@Pattern(regexp = "[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*") String> tables();

  /** {@code optimize}: files smaller than this are rewritten into larger ones. */
  @WithDefault("128MB")
  @Pattern(regexp = "\\d{1,6}(B|kB|MB|GB)")
  String optimizeFileSizeThreshold();

  /** {@code expire_snapshots}: snapshots older than this are expired. */
  @WithDefault("P7D")
  Duration snapshotRetention();

  /** {@code remove_orphan_files}: unreferenced files older than this are deleted. */
  @WithDefault("P7D")
  Duration orphanRetention();

  /** Key of the PostgreSQL advisory lock that keeps runs of all replicas one at a time. */
  @WithDefault("4242001")
  long lockKey();

  /** Runs kept in the history. */
  @WithDefault("100")
  int historySize();
}
