package dev.precip.metrics.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Trino or PostgreSQL away: say so with a 503 instead of a bare 500. */
public class UnavailableMapper {

  private static final Logger LOG = Logger.getLogger(UnavailableMapper.class);

  @ServerExceptionMapper
  Response unavailable(SQLException e) {
    LOG.errorf("the metrics cannot be read now: %s", e.getMessage());
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.TEXT_PLAIN)
        .entity("the metrics store cannot be reached now; try again")
        .build();
  }
}
