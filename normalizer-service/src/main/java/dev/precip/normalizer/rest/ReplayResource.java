package dev.precip.normalizer.rest;

import dev.precip.normalizer.messaging.ReplayControl;
import dev.precip.normalizer.replay.ReplayCoordinator;
import dev.precip.normalizer.replay.ReplayRequest;
import dev.precip.normalizer.replay.ReplayStatus;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reprocessing: moves every normalizer instance back on the raw topic, to its beginning or to a
 * time. Downstream, the writer skips rows it already has, so a replay adds only what is missing.
 */
@Path("/replay")
@Produces(MediaType.APPLICATION_JSON)
public class ReplayResource {

  private final ReplayControl control;
  private final ReplayCoordinator coordinator;

  public ReplayResource(ReplayControl control, ReplayCoordinator coordinator) {
    this.control = control;
    this.coordinator = coordinator;
  }

  @POST
  @RolesAllowed("operator")
  public Uni<Response> replay(@Valid @NotNull ReplayBody body) {
    Optional<Instant> from;
    try {
      from =
          "beginning".equals(body.from())
              ? Optional.empty()
              : Optional.of(Instant.parse(body.from()));
    } catch (DateTimeParseException e) {
      throw new BadRequestException("from is not a valid instant: " + body.from());
    }
    return control.request(from).map((ReplayRequest request) -> Response.accepted(request).build());
  }

  /** What this instance did with the latest request. */
  @GET
  public ReplayStatus status() {
    return coordinator.status();
  }
}
