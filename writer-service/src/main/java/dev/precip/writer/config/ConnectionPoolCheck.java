package dev.precip.writer.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start when a connection pool is smaller than {@code writer.consumers}: every consumer
 * holds a Trino connection for its statement and a PostgreSQL connection for its partition fence
 * while it writes, so a smaller pool would make consumers wait on each other (and a fence holder
 * wait on a connection it can never get).
 */
@ApplicationScoped
public class ConnectionPoolCheck {

  /** Agroal's default {@code max-size}. */
  static final int AGROAL_DEFAULT_MAX_SIZE = 20;

  void check(@Observes StartupEvent event, WriterConfig writer, Config config) {
    verify(writer.consumers(), "quarkus.datasource.trino.jdbc.max-size", maxSize(config, "trino"));
    verify(writer.consumers(), "quarkus.datasource.jdbc.max-size", maxSize(config, null));
  }

  private static int maxSize(Config config, String datasource) {
    String key =
        datasource == null
            ? "quarkus.datasource.jdbc.max-size"
            : "quarkus.datasource." + datasource + ".jdbc.max-size";
    return config.getOptionalValue(key, Integer.class).orElse(AGROAL_DEFAULT_MAX_SIZE);
  }

  static void verify(int consumers, String poolProperty, int poolSize) {
    if (poolSize < consumers) {
      throw new IllegalStateException(
          "writer.consumers ("
              + consumers
              + ") needs at least as many connections, but "
              + poolProperty
              + " is "
              + poolSize);
    }
  }
}
