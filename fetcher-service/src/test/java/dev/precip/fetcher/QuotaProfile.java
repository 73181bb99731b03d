package dev.precip.fetcher;

import java.util.Map;

/** A quota of two requests every six seconds, so that a pause and its end fit in a test. */
public class QuotaProfile extends JobStoreProfile {

  public static final int PER_PERIOD = 2;
  public static final String PERIOD = "PT6S";

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = super.getConfigOverrides();
    config.put("fetcher.noaa.requests-per-day", Integer.toString(PER_PERIOD));
    config.put("fetcher.noaa.quota-period", PERIOD);
    config.put("fetcher.jobs.max-window", "P1D");
    return config;
  }
}
