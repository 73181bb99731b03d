package dev.precip.fetcher.rest;

import dev.precip.fetcher.config.FetcherConfig;
import dev.precip.fetcher.service.FetchJobService;
import dev.precip.fetcher.service.FetchSpec;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Starts fetch jobs and shows their progress. */
@Path("/fetches")
@Produces(MediaType.APPLICATION_JSON)
public class FetchResource {

  private final FetchJobService jobs;
  private final FetcherConfig config;

  public FetchResource(FetchJobService jobs, FetcherConfig config) {
    this.jobs = jobs;
    this.config = config;
  }

  @POST
  @RolesAllowed("operator")
  public Response start(@Valid @NotNull FetchRequest request) {
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
  public FetchJobView get(@PathParam("id") String id) {
    return jobs.find(id)
        .map(FetchJobView::of)
        .orElseThrow(() -> new NotFoundException("no fetch job " + id));
  }

  @GET
  public List<FetchJobView> list() {
    return jobs.all().stream()
        .map(FetchJobView::of)
        .sorted(Comparator.comparing(FetchJobView::createdAt))
        .toList();
  }
}
