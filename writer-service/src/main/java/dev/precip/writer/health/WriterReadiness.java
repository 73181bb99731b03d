package dev.precip.writer.health;

import dev.precip.writer.service.WriterStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while batches cannot be written (Trino or the catalog down): the writer is backing off.
 */
@Readiness
@ApplicationScoped
public class WriterReadiness implements HealthCheck {

  private final WriterStatus status;

  public WriterReadiness(WriterStatus status) {
    this.status = status;
  }

  @Override
  public HealthCheckResponse call() {
    return status
        .lastFailure()
        .map(
            f ->
                HealthCheckResponse.named("iceberg-writes")
                    .down()
                    .withData("lastError", f.error())
                    .withData("since", f.at().toString())
                    .build())
        .orElseGet(() -> HealthCheckResponse.up("iceberg-writes"));
  }
}
