package dev.precip.maintenance.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs maintenance on the configured cron; the REST trigger calls the same service. */
@ApplicationScoped
public class ScheduledMaintenance {

  private final MaintenanceService maintenance;

  public ScheduledMaintenance(MaintenanceService maintenance) {
    this.maintenance = maintenance;
  }

  @Scheduled(
      identity = "table-maintenance",
      cron = "{maintenance.cron}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void run() {
    maintenance.run("schedule");
  }
}
