package dev.precip.it;

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
}
