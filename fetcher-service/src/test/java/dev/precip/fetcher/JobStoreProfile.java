package dev.precip.fetcher;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The fetcher with its job store in the real PostgreSQL of the local stack, in a schema of its own
 * per test run, and two workers polling fast. Subclasses add what their tests need.
 */
public class JobStoreProfile implements QuarkusTestProfile {

  /** PostgreSQL of the local stack ({@code deploy/local/stack.sh}). */
  public static final String POSTGRES =
      System.getProperty("it.postgres", "jdbc:postgresql://127.0.0.1:25432/precip");

  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

  /** A schema per profile and run, so runs and profiles never share jobs or buckets. */
  protected String schema() {
    return "fetcher_it_" + getClass().getSimpleName().toLowerCase() + "_" + RUN;
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.datasource.jdbc.url", POSTGRES + "?currentSchema=" + schema());
    config.put("quarkus.flyway.schemas", schema());
    config.put("quarkus.flyway.migrate-at-start", "true");
    config.put("fetcher.jobs.workers", "2");
    config.put("fetcher.jobs.poll-interval", "PT0.1S");
    config.put("fetcher.jobs.retry-backoff", "PT1S");
    config.put("fetcher.jobs.progress-gauges-every", "1s");
    return config;
  }
}
