package dev.precip.it;

import java.util.Map;

/**
 * Coordinates of the real local stack ({@code deploy/local/stack.sh up}); system properties
 * override the defaults of {@code deploy/local/ports.env}.
 */
final class Stack {

  static final String KAFKA = System.getProperty("it.kafka", "127.0.0.1:29092");
  static final String TRINO_JDBC = System.getProperty("it.trino", "jdbc:trino://127.0.0.1:18080");
  static final String POSTGRES_JDBC =
      System.getProperty("it.postgres", "jdbc:postgresql://127.0.0.1:25432/precip");
  static final String OPERATOR_PASSWORD =
      System.getProperty("it.operator-password", "operator-local");

  private Stack() {}

  /** Fetcher settings that give it a job store of its own in the stack's PostgreSQL. */
  static Map<String, String> fetcherJobStore(String schema) {
    return Map.of(
        "quarkus.datasource.jdbc.url",
        POSTGRES_JDBC + "?currentSchema=" + schema,
        "quarkus.flyway.schemas",
        schema);
  }
}
