package dev.precip.fetcher.rest;

import dev.precip.fetcher.config.FetcherConfig;
import dev.precip.fetcher.service.FetchJobService;
import dev.precip.fetcher.service.FetchSpec;
import dev.precip.fetcher.service.JobStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Starts fetch jobs and shows their progress. */
@Path("/fetches")
@Produces(MediaType.APPLICATION_JSON)
public class FetchResource {

  private static final Logger LOG = Logger.getLogger(FetchResource.class);

  private final FetchJobService jobs;
  private final FetcherConfig config;

  public FetchResource(FetchJobService jobs, FetcherConfig config) {
    this.jobs = jobs;
    this.config = config;
  }

  @POST
  @RolesAllowed("operator")
  public Response start(@Valid @NotNull FetchRequest request) throws SQLException {
    if (request.endDate().isBefore(request.startDate())) {
      throw new BadRequestException("endDate is before startDate");
    }
    FetchSpec spec =
        new FetchSpec(
            Optional.ofNullable(request.datasetId()).orElse(config.noaa().dataset()),
            request.startDate(),
            request.endDate(),
            Optional.ofNullable(request.stationIds()).orElse(List.of()),
            Optional.ofNullable(request.locationId()),
            Optional.ofNullable(request.datatypeIds()).orElse(List.of()));
    FetchJobView view = FetchJobView.of(jobs.submit(spec));
    return Response.accepted(view).location(URI.create("/fetches/" + view.id())).build();
  }

  @GET
  @Path("/{id}")
  public FetchJobView get(@PathParam("id") String id) throws SQLException {
    Optional<UUID> uuid = parse(id);
    Optional<JobStatus> job = uuid.isPresent() ? jobs.find(uuid.get()) : Optional.empty();
    return job.map(FetchJobView::of).orElseThrow(() -> new NotFoundException("no fetch job " + id));
  }

  @GET
  public List<FetchJobView> list() throws SQLException {
    return jobs.all().stream().map(FetchJobView::of).toList();
  }

  /** The job store is PostgreSQL: while it is away, say so instead of a bare 500. */
  @ServerExceptionMapper
  Response unavailable(SQLException e) {
    LOG.errorf("fetch jobs cannot be read or stored: %s", e.getMessage());
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.TEXT_PLAIN)
        .entity("fetch jobs cannot be read or stored now; try again")
        .build();
  }

  private static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
