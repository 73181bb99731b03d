package dev.precip.maintenance.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs both passes on their configured crons; the REST trigger calls the same service. */
@ApplicationScoped
public class ScheduledMaintenance {

  private final MaintenanceService maintenance;

  public ScheduledMaintenance(MaintenanceService maintenance) {
    this.maintenance = maintenance;
  }

  @Scheduled(
      identity = "maintenance-light",
      cron = "{maintenance.light.cron}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void light() {
    maintenance.run(Pass.LIGHT, "schedule");
  }

  @Scheduled(
      identity = "maintenance-full",
      cron = "{maintenance.full.cron}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void full() {
    maintenance.run(Pass.FULL, "schedule");
  }
}
