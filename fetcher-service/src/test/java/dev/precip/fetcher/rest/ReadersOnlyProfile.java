package dev.precip.fetcher.rest;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service as run with {@code PIPELINE_READ_POLICY=reader}. */
public class ReadersOnlyProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("quarkus.http.auth.permission.read.policy", "reader");
  }
}
