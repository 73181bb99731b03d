package dev.precip.maintenance.rest;

import dev.precip.maintenance.service.MaintenanceRun;
import dev.precip.maintenance.service.MaintenanceService;
import dev.precip.maintenance.service.RunHistory;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Triggers maintenance and shows the run history. */
@Path("/maintenance/runs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class MaintenanceResource {

  private final MaintenanceService maintenance;
  private final RunHistory history;

  public MaintenanceResource(MaintenanceService maintenance, RunHistory history) {
    this.maintenance = maintenance;
    this.history = history;
  }

  /** Runs maintenance now and returns the run (or why it was skipped). */
  @POST
  @RolesAllowed("operator")
  public MaintenanceRun trigger() {
    return maintenance.run("rest");
  }

  @GET
  public List<MaintenanceRun> history() {
    return history.recent();
  }
}
