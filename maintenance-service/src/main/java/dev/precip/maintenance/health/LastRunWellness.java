package dev.precip.maintenance.health;

import dev.precip.maintenance.repository.RunHistoryRepository;
import dev.precip.maintenance.service.MaintenanceRun;
import dev.precip.maintenance.service.RunOutcome;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Degraded (DOWN at {@code /q/health/well} and {@code /q/health}) while the newest finished run of
 * any replica failed; liveness and readiness are unaffected, since the service itself works.
 */
@Wellness
@ApplicationScoped
public class LastRunWellness implements HealthCheck {

  private final RunHistoryRepository history;

  public LastRunWellness(RunHistoryRepository history) {
    this.history = history;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("last maintenance run");
    Optional<MaintenanceRun> last;
    try {
      last = history.lastEnded();
    } catch (SQLException e) {
      return response.down().withData("error", "run history unreadable: " + e.getMessage()).build();
    }
    if (last.isEmpty()) {
      return response.up().withData("runs", 0).build();
    }
    MaintenanceRun run = last.get();
    return response
        .status(run.outcome() != RunOutcome.FAILED)
        .withData("id", run.id())
        .withData("pass", run.pass().name())
        .withData("outcome", run.outcome().name())
        .withData("finishedAt", String.valueOf(run.finishedAt()))
        .build();
  }
}
