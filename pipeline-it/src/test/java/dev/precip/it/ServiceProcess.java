package dev.precip.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** One service's fast-jar running as its own OS process, as in production. */
final class ServiceProcess implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ServiceProcess.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** Every log a service process of this test JVM wrote to, in start order. */
  private static final List<Path> LOGS_STARTED = new CopyOnWriteArrayList<>();

  private final String name;
  private final int port;
  private final List<String> command;
  private final Path log;
  private Process process;

  ServiceProcess(String name, int port, Map<String, String> overrides, Path logDir) {
    this.name = name;
    this.port = port;
    this.log = logDir.resolve(name + ".log");
    Path jar =
        Path.of(
            System.getProperty("repo.root", ".."),
            name,
            "target",
            "quarkus-app",
            "quarkus-run.jar");
    this.command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:+UseSerialGC");
    // e.g. a flight recording while profiling a benchmark
    for (String option : System.getProperty("it.service.jvm-options", "").split(" ")) {
      if (!option.isBlank()) {
        command.add(option);
      }
    }
    command.add("-Dquarkus.http.port=" + port);
    overrides.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toString());
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  /** The process id while started. */
  long pid() {
    return process.pid();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  void start() throws IOException {
    Files.createDirectories(log.getParent());
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!LOGS_STARTED.contains(log)) {
      LOGS_STARTED.add(log);
    }
    LOG.infof("started %s (pid %d) on port %d, log %s", name, process.pid(), port, log);
  }

  static List<Path> logsStarted() {
    return List.copyOf(LOGS_STARTED);
  }

  /** Waits for {@code /q/health/ready} to answer 200. */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ", see " + log);
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(uri("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + ", see " + log);
  }

  /** Whether the process is running (it has not exited, crashed or been killed). */
  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Kills the process as {@code kill -9} would: no shutdown hook, no goodbye. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      LOG.infof("killing %s (pid %d) with SIGKILL", name, process.pid());
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " survived SIGKILL for 30 s");
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
