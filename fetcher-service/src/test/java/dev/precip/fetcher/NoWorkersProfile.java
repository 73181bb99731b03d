package dev.precip.fetcher;

import java.util.Map;

/** The job store without workers: tests claim pages themselves. */
public class NoWorkersProfile extends JobStoreProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = super.getConfigOverrides();
    config.put("fetcher.jobs.workers", "0");
    return config;
  }
}
