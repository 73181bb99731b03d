package dev.precip.writer.config;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start when a connection pool is too small for {@code writer.consumers}: every consumer
 * holds a Trino connection for its statement, and two PostgreSQL connections (its partition fence,
 * and the key ledger's claim beside it) while it writes, so a smaller pool would make consumers
 * wait on each other (and a fence holder wait on a connection it can never get).
 */
@ApplicationScoped
public class ConnectionPoolCheck {

  void check(
      @Observes StartupEvent event,
      WriterConfig writer,
      @DataSource("trino") AgroalDataSource trino,
      AgroalDataSource postgres) {
    verify(writer.consumers(), 1, "quarkus.datasource.trino.jdbc.max-size", maxSize(trino));
    verify(writer.consumers(), 2, "quarkus.datasource.jdbc.max-size", maxSize(postgres));
  }

  /** The pool's size as Agroal runs it, whether configured or its default. */
  private static int maxSize(AgroalDataSource pool) {
    return pool.getConfiguration().connectionPoolConfiguration().maxSize();
  }

  static void verify(int consumers, int perConsumer, String poolProperty, int poolSize) {
    if (poolSize < consumers * perConsumer) {
      throw new IllegalStateException(
          "writer.consumers ("
              + consumers
              + ") needs at least "
              + consumers * perConsumer
              + " connections, but "
              + poolProperty
              + " is "
              + poolSize);
    }
  }
}
