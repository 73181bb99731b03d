package dev.precip.noaa.offline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** Configuration of the offline NOAA source (prefix {@code noaa-offline}). */
@ConfigMapping(prefix = "noaa-offline")
public interface OfflineSourceConfig {

  /** Seed of the deterministic data; the same seed always serves the same data. */
  @WithDefault("20100501")
  long seed();

  /** Number of generated stations. */
  @WithDefault("20")
  int stationCount();

  /** Tokens accepted in the {@code token} header. */
  @WithDefault("offline-token")
  Set<String> tokens();
}
