package dev.precip.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A maintenance-service process for the ITs: schedules off unless asked, on given tables. */
final class MaintenanceProcess {

  private static final int PORT = PipelineRun.BASE_PORT + 80;

  private MaintenanceProcess() {}

  /**
   * Instance {@code n} (0, 1, ...) maintaining {@code tables}, not started; retentions at the local
   * catalog's minimum (1 minute) so that the ITs can see snapshots expire and orphans go.
   */
  static ServiceProcess of(int n, String tables, Path logs, Map<String, String> overrides) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("maintenance.tables", tables);
    config.put("maintenance.light.cron", "off");
    config.put("maintenance.full.cron", "off");
    config.put("maintenance.snapshot-retention", "PT1M");
    config.put("maintenance.orphan-retention", "PT1M");
    config.putAll(overrides);
    return new ServiceProcess(
        "maintenance-service", PORT + n, config, n == 0 ? logs : logs.resolve("m" + n));
  }

  /** {@code POST /maintenance/runs?pass=...} as the operator. */
  static HttpResponse<String> trigger(ServiceProcess maintenance, String pass) throws Exception {
    return Http.postAsOperator(maintenance.uri("/maintenance/runs?pass=" + pass), "");
  }

  /** Runs a pass now and returns the run, waiting out a run that holds the lock. */
  static JsonNode runNow(ServiceProcess maintenance, String pass) {
    return await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              HttpResponse<String> r = trigger(maintenance, pass);
              return r.statusCode() == 409 ? null : Http.JSON.readTree(r.body());
            },
            r -> r != null);
  }

  /** The runs of every instance in the history, oldest first. */
  static List<JsonNode> history(ServiceProcess maintenance) throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    Http.get(maintenance.uri("/maintenance/runs?limit=1000")).forEach(r -> runs.add(0, r));
    return runs;
  }

  /** The runs one process made, oldest first. */
  static List<JsonNode> runsOf(ServiceProcess maintenance, List<JsonNode> history) {
    return history.stream()
        .filter(r -> r.path("instance").asText().endsWith("/" + maintenance.pid()))
        .toList();
  }
}
