package dev.precip.maintenance.service;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs both passes on their configured crons; the REST trigger calls the same service. The
 * scheduled fire time is the cron tick itself (the same instant in every replica), which is what
 * lets replicas agree on who ran it.
 */
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
  void light(ScheduledExecution execution) {
    maintenance.runScheduled(Pass.LIGHT, execution.getScheduledFireTime());
  }

  @Scheduled(
      identity = "maintenance-full",
      cron = "{maintenance.full.cron}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void full(ScheduledExecution execution) {
    maintenance.runScheduled(Pass.FULL, execution.getScheduledFireTime());
  }
}
