package dev.precip.maintenance.config;

import dev.precip.maintenance.service.Step;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of the maintenance service (prefix {@code maintenance}). Two passes share one lock:
 * a light one, often, that keeps the table's metadata small (every commit rewrites the metadata
 * file, which carries every live snapshot), and a full one that also compacts data files and
 * removes orphans.
 */
@ConfigMapping(prefix = "maintenance")
public interface MaintenanceConfig {

  /** Tables to maintain, as {@code catalog.schema.table}, in this order. */
  @WithDefault("iceberg.noaa.precip_15,iceberg.noaa.station_batch_metrics")
  @NotEmpty
  List<@Pattern(regexp = "[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*") String> tables();

  /** The frequent pass. */
  Pass light();

  /** The periodic heavy pass. */
  Pass full();

  /** {@code optimize}: files smaller than this are rewritten into larger ones. */
  @WithDefault("128MB")
  @Pattern(regexp = "\\d{1,6}(B|kB|MB|GB)")
  String optimizeFileSizeThreshold();

  /**
   * {@code expire_snapshots}: snapshots older than this are expired (time travel reaches back this
   * far, and a query running longer than this across a compaction can find its files deleted).
   * Every commit sends and rewrites the list of live snapshots: at 1 minute the writer made 14%
   * more rows/s than at 2 (README "Maintenance"). At least the catalog's {@code
   * iceberg.expire-snapshots.min-retention}; checked at start.
   */
  @WithDefault("PT1M")
  Duration snapshotRetention();

  /**
   * {@code remove_orphan_files}: unreferenced files older than this are deleted. Longer than any
   * write can take, since a write's files are unreferenced until it commits. At least the catalog's
   * {@code iceberg.remove-orphan-files.min-retention}; checked at start.
   */
  @WithDefault("PT1H")
  Duration orphanRetention();

  /** Key of the PostgreSQL advisory lock that keeps runs of all replicas one at a time. */
  @WithDefault("4242001")
  long lockKey();

  /** Runs older than this are deleted from the history. */
  @WithDefault("P30D")
  Duration historyRetention();

  /** A pass: when it runs and which steps it takes (always in {@link Step}'s order). */
  interface Pass {
    /** Quarkus cron (seconds first); {@code off} leaves only the REST trigger. */
    String cron();

    @NotEmpty
    List<Step> steps();
  }
}
