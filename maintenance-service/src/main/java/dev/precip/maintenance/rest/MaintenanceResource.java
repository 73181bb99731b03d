package dev.precip.maintenance.rest;

import dev.precip.maintenance.repository.RunHistoryRepository;
import dev.precip.maintenance.service.MaintenanceRun;
import dev.precip.maintenance.service.MaintenanceService;
import dev.precip.maintenance.service.Pass;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Triggers maintenance and shows the run history of every replica. */
@Path("/maintenance/runs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class MaintenanceResource {

  private static final Logger LOG = Logger.getLogger(MaintenanceResource.class);

  private final MaintenanceService maintenance;
  private final RunHistoryRepository history;

  public MaintenanceResource(MaintenanceService maintenance, RunHistoryRepository history) {
    this.maintenance = maintenance;
    this.history = history;
  }

  /**
   * Runs a pass ({@code light} or {@code full}, the default) now and returns the run: 200 if it
   * succeeded, 502 if a step failed (the body says which and why), 409 if another run held the
   * lock.
   */
  @POST
  @RolesAllowed("operator")
  public Response trigger(@QueryParam("pass") @DefaultValue("full") String pass) {
    MaintenanceRun run = maintenance.run(parse(pass), "rest");
    int status =
        switch (run.outcome()) {
          case SUCCEEDED -> 200;
          case SKIPPED -> 409;
          default -> 502;
        };
    return Response.status(status).entity(run).build();
  }

  /** The newest runs first, skipped ones included. */
  @GET
  public List<MaintenanceRun> history(
      @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(1000) int limit) throws SQLException {
    return history.recent(limit);
  }

  @GET
  @Path("/{id}")
  public MaintenanceRun run(@PathParam("id") long id) throws SQLException {
    return history.find(id).orElseThrow(() -> new NotFoundException("no maintenance run " + id));
  }

  /** The history is PostgreSQL: while it is away, say so instead of a bare 500. */
  @ServerExceptionMapper
  Response unavailable(SQLException e) {
    LOG.errorf("the maintenance history cannot be read: %s", e.getMessage());
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.TEXT_PLAIN)
        .entity("the maintenance history cannot be read now; try again")
        .build();
  }

  @ServerExceptionMapper
  Response badRequest(BadRequestException e) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.TEXT_PLAIN)
        .entity(e.getMessage())
        .build();
  }

  private static Pass parse(String pass) {
    try {
      return Pass.valueOf(pass.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "pass must be one of "
              + Arrays.stream(Pass.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList()
              + ", not '"
              + pass
              + "'");
    }
  }
}
