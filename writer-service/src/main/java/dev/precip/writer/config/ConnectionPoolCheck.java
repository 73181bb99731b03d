package dev.precip.writer.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start when a connection pool is smaller than {@code writer.consumers}: every consumer
 * holds a Trino connection for its statement and a PostgreSQL connection for its partition fence
 * while it writes, so a smaller pool would make consumers wait on each other (and a fence holder
 * wait on a connection it can never get).
 */
@ApplicationScoped
public class ConnectionPoolCheck {

  void check(
      @Observes StartupEvent event,
      WriterConfig writer,
      @DataSource("trino") AgroalDataSource trino,
      AgroalDataSource postgres) {
    verify(writer.consumers(), "quarkus.datasource.trino.jdbc.max-size", maxSize(trino));
    verify(writer.consumers(), "quarkus.datasource.jdbc.max-size", maxSize(postgres));
  }

  /** The pool's size as Agroal runs it, whether configured or its default. */
  private static int maxSize(AgroalDataSource pool) {
    return pool.getConfiguration().connectionPoolConfiguration().maxSize();
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
