package dev.precip.noaa.offline.generator;

import dev.precip.noaa.offline.config.OfflineSourceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the configured generator injectable. */
@ApplicationScoped
public class GeneratorProducer {

  @Produces
  @ApplicationScoped
  PrecipGenerator generator(OfflineSourceConfig config) {
    return new PrecipGenerator(config.seed(), config.stationCount(), config.malformedShare());
  }
}
