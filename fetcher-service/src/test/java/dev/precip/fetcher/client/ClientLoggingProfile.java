package dev.precip.fetcher.client;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The REST client's request and response logging on, at DEBUG, into a file the test reads. */
public class ClientLoggingProfile implements QuarkusTestProfile {

  static final String LOG_FILE = "target/client-logging-test.log";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.rest-client.noaa-api.logging.scope", "request-response",
        "quarkus.log.category.\"dev.precip.fetcher.client.TokenMaskingClientLogger\".level",
            "DEBUG",
        "quarkus.log.category.\"dev.precip\".level", "DEBUG",
        "quarkus.log.file.enabled", "true",
        "quarkus.log.file.path", LOG_FILE);
  }
}
