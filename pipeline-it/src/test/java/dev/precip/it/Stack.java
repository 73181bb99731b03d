package dev.precip.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

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
  static final String READER_PASSWORD = System.getProperty("it.reader-password", "reader-local");

  private Stack() {}

  /** A Trino connection as {@code user}. */
  static Connection trino(String user) throws SQLException {
    return trino(user, "");
  }

  /** A Trino connection as {@code user} with session properties ({@code name:value;...}). */
  static Connection trino(String user, String sessionProperties) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (!sessionProperties.isEmpty()) {
      props.setProperty("sessionProperties", sessionProperties);
    }
    return DriverManager.getConnection(TRINO_JDBC, props);
  }

  /** The single number a query returns, asked as {@code user}. */
  static long count(String user, String sql) throws SQLException {
    try (Connection c = trino(user);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Stops one component of the stack ({@code stack.sh stop}), as an outage would. */
  static void stop(String component) throws Exception {
    script("stop", component);
  }

  /** Starts whatever is not running and waits until every component answers. */
  static void up() throws Exception {
    script("up");
  }

  /** The process id of each running stack component ({@code stack.sh status}). */
  static Map<String, Long> pids() throws Exception {
    Process p = new ProcessBuilder(script(), "status").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(1, TimeUnit.MINUTES);
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && f[2].matches("\\d+")) {
        pids.put(f[0], Long.parseLong(f[2]));
      }
    }
    return pids;
  }

  private static String script() {
    return Path.of(System.getProperty("repo.root", ".."), "deploy/local/stack.sh").toString();
  }

  private static void script(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(script());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).inheritIO().start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("stack.sh " + String.join(" ", args) + " took over 3 min");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("stack.sh " + String.join(" ", args) + " failed");
    }
  }

  /** A connection to the stack's PostgreSQL as the services' user. */
  static Connection postgres() throws SQLException {
    return DriverManager.getConnection(
        POSTGRES_JDBC, "precip", System.getProperty("it.postgres-password", "precip"));
  }

  /** Fetcher settings that give it a job store of its own in the stack's PostgreSQL. */
  static Map<String, String> fetcherJobStore(String schema) {
    return Map.of(
        "quarkus.datasource.jdbc.url",
        POSTGRES_JDBC + "?currentSchema=" + schema,
        "quarkus.flyway.schemas",
        schema);
  }
}
