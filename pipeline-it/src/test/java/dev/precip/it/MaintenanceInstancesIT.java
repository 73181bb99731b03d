package dev.precip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two replicas of the maintenance service on one table: never two runs at the same time. */
@ExtendWith(ServiceLogsOnFailure.class)
class MaintenanceInstancesIT {

  private static final Logger LOG = Logger.getLogger(MaintenanceInstancesIT.class);

  /** Why the replica that did not run a shared tick skipped it: still running, or already ran. */
  private static final List<String> SKIP_REASONS =
      List.of("another maintenance run holds the lock", "another replica has run the tick of ");

  private IcebergTable table;
  private final List<ServiceProcess> instances = new ArrayList<>();

  @BeforeEach
  void table() throws Exception {
    table = new IcebergTable("replicas");
    // a few commits, so that each step has something to do
    table.write(GeneratedRecords.first(20 * 500), 500, 1);
  }

  @AfterEach
  void stop() throws Exception {
    for (ServiceProcess instance : instances) {
      instance.close();
    }
    table.close();
  }

  @Test
  void triggeredTogetherOneRunsAndTheOtherIsSkippedSayingWhy() throws Exception {
    ServiceProcess a = start(0, Map.of());
    ServiceProcess b = start(1, Map.of());
    for (int round = 0; round < 3; round++) {
      CyclicBarrier together = new CyclicBarrier(2);
      CompletableFuture<HttpResponse<String>> fromA = triggerAt(together, a);
      CompletableFuture<HttpResponse<String>> fromB = triggerAt(together, b);
      List<Integer> statuses =
          List.of(fromA.get().statusCode(), fromB.get().statusCode()).stream().sorted().toList();
      assertEquals(List.of(200, 409), statuses, "round " + round);
      HttpResponse<String> skipped = fromA.get().statusCode() == 409 ? fromA.get() : fromB.get();
      assertEquals(
          "another maintenance run holds the lock",
          Http.JSON.readTree(skipped.body()).path("skippedBecause").asText());
    }
    assertNoOverlap(List.of(a, b), 3);
  }

  @Test
  void onTheSameScheduleOnlyOneReplicaRunsEachTick() throws Exception {
    Map<String, String> everyTenSeconds = Map.of("maintenance.light.cron", "0/10 * * * * ?");
    ServiceProcess a = start(0, everyTenSeconds);
    ServiceProcess b = start(1, everyTenSeconds);
    Thread.sleep(Duration.ofSeconds(45).toMillis());

    List<JsonNode> runs = assertNoOverlap(List.of(a, b), 3);

    Map<String, List<JsonNode>> byTick =
        runs.stream()
            .filter(r -> r.path("trigger").asText().equals("schedule"))
            .collect(Collectors.groupingBy(r -> r.path("scheduledFor").asText()));
    int sharedTicks = 0;
    for (Map.Entry<String, List<JsonNode>> tick : byTick.entrySet()) {
      List<JsonNode> executed =
          tick.getValue().stream()
              .filter(r -> !r.path("outcome").asText().equals("SKIPPED"))
              .toList();
      assertTrue(executed.size() <= 1, "runs of tick " + tick.getKey() + ": " + executed);
      if (tick.getValue().size() == 2) {
        sharedTicks++;
        assertEquals(1, executed.size(), "tick " + tick.getKey() + ": " + tick.getValue());
        JsonNode skipped =
            tick.getValue().stream()
                .filter(r -> r.path("outcome").asText().equals("SKIPPED"))
                .findFirst()
                .orElseThrow();
        assertTrue(
            SKIP_REASONS.stream().anyMatch(skipped.path("skippedBecause").asText()::startsWith),
            skipped.toString());
      }
    }
    // both replicas fire every tick after both have started: 3 or 4 of them in 45 s
    assertTrue(sharedTicks >= 3, "ticks both replicas fired: " + byTick);
  }

  @Test
  void aReplicaKilledMidRunFreesTheLockAndItsRunIsMarkedAbandoned() throws Exception {
    ServiceProcess a = start(0, Map.of());
    ServiceProcess b = start(1, Map.of());
    CompletableFuture<HttpResponse<String>> dying =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return MaintenanceProcess.trigger(a, "full");
              } catch (Exception e) {
                return null;
              }
            });
    JsonNode running =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    MaintenanceProcess.runsOf(a, MaintenanceProcess.history(b)).stream()
                        .filter(r -> r.path("outcome").asText().equals("RUNNING"))
                        .findFirst()
                        .orElse(null),
                r -> r != null);
    a.kill();
    assertEquals(null, dying.get(), "the killed replica never answered");

    HttpResponse<String> next = MaintenanceProcess.trigger(b, "light");

    assertEquals(200, next.statusCode(), next.body());
    JsonNode abandoned = Http.get(b.uri("/maintenance/runs/" + running.path("id").asLong()));
    assertEquals("ABANDONED", abandoned.path("outcome").asText());
  }

  private ServiceProcess start(int n, Map<String, String> overrides) throws Exception {
    ServiceProcess instance =
        MaintenanceProcess.of(
            n,
            table.name(),
            Path.of(System.getProperty("it.logs", "target/it-logs"), table.schema()),
            overrides);
    instances.add(instance);
    instance.start();
    instance.awaitReady(Duration.ofMinutes(2));
    return instance;
  }

  private static CompletableFuture<HttpResponse<String>> triggerAt(
      CyclicBarrier together, ServiceProcess instance) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            together.await();
            return MaintenanceProcess.trigger(instance, "full");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /**
   * The runs the instances executed (not skipped) never overlap in time; returns all their runs.
   */
  private static List<JsonNode> assertNoOverlap(Collection<ServiceProcess> instances, int atLeast)
      throws Exception {
    List<JsonNode> history = MaintenanceProcess.history(instances.iterator().next());
    List<JsonNode> ours = new ArrayList<>();
    for (ServiceProcess instance : instances) {
      ours.addAll(MaintenanceProcess.runsOf(instance, history));
    }
    List<JsonNode> executed =
        ours.stream()
            .filter(r -> !r.path("outcome").asText().equals("SKIPPED"))
            .sorted(Comparator.comparing(r -> Instant.parse(r.path("startedAt").asText())))
            .toList();
    LOG.infof("%d runs, %d executed", ours.size(), executed.size());
    assertTrue(executed.size() >= atLeast, "runs executed: " + executed.size());
    for (int i = 1; i < executed.size(); i++) {
      Instant previousEnd = Instant.parse(executed.get(i - 1).path("finishedAt").asText());
      Instant start = Instant.parse(executed.get(i).path("startedAt").asText());
      assertTrue(
          !start.isBefore(previousEnd),
          "run "
              + executed.get(i).path("id")
              + " began before run "
              + executed.get(i - 1).path("id")
              + " ended");
    }
    return ours;
  }
}
