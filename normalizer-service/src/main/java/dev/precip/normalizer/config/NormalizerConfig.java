package dev.precip.normalizer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.LocalDate;

/** Configuration of the normalizer (prefix {@code normalizer}). */
@ConfigMapping(prefix = "normalizer")
public interface NormalizerConfig {

  /** The dataset's published coverage; an observation outside it is rejected. */
  Dataset dataset();

  interface Dataset {
    /** PRECIP_15's {@code mindate}. */
    @WithDefault("1970-05-12")
    LocalDate minDate();

    /** Last day accepted, inclusive (PRECIP_15's {@code maxdate} is 2014-01-01). */
    @WithDefault("2014-01-01")
    LocalDate maxDate();

    /** Positional flags in {@code attributes}: measurement, quality, units. */
    @WithDefault("3")
    int attributeSlots();
  }
}
