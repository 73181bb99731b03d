package dev.precip.it;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A benchmark's service settings for trying other settings than the ones a run is given: {@code
 * -Dbench.maintenance.light.cron=...} in {@code MAVEN_OPTS} sets {@code maintenance.light.cron};
 * {@code -Dbench.metrics-service.<key>=...} sets any {@code <key>} of the metrics service (the
 * other services alike, by name). Values with spaces (a cron expression) go in a properties file
 * named by {@code -Dbench.overrides=<file>}, keyed without {@code bench.}. A system property wins
 * over the file.
 */
final class BenchOverrides {

  private BenchOverrides() {}

  /** The overrides whose key starts with {@code prefix.}, keys as they are. */
  static Map<String, String> of(String prefix) {
    Map<String, String> settings = new TreeMap<>();
    String file = System.getProperty("bench.overrides");
    if (file != null) {
      Properties fromFile = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(file))) {
        fromFile.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read -Dbench.overrides=" + file, e);
      }
      fromFile.stringPropertyNames().stream()
          .filter(k -> k.startsWith(prefix + "."))
          .forEach(k -> settings.put(k, fromFile.getProperty(k)));
    }
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bench." + prefix + "."))
        .forEach(k -> settings.put(k.substring("bench.".length()), System.getProperty(k)));
    return settings;
  }

  /** The overrides for one service, {@code <service>.<key>}, keyed by {@code <key>}. */
  static Map<String, String> forService(String service) {
    Map<String, String> settings = new TreeMap<>();
    of(service).forEach((k, v) -> settings.put(k.substring(service.length() + 1), v));
    return settings;
  }
}
