package dev.precip.metrics.rest;

import dev.precip.metrics.repository.LedgerRepository;
import dev.precip.metrics.repository.TrinoMetricsRepository;
import dev.precip.metrics.service.MetricsUpdater;
import dev.precip.metrics.service.StationMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

/** Reads the per-station metrics and the watermark. */
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class MetricsResource {

  private final TrinoMetricsRepository metrics;
  private final LedgerRepository ledger;
  private final MetricsUpdater updater;

  public MetricsResource(
      TrinoMetricsRepository metrics, LedgerRepository ledger, MetricsUpdater updater) {
    this.metrics = metrics;
    this.ledger = ledger;
    this.updater = updater;
  }

  @GET
  @Path("/stations")
  public List<StationMetrics> stations() throws SQLException {
    updater.ensureTables();
    return metrics.allStations();
  }

  @GET
  @Path("/stations/{station}")
  public StationMetrics station(@PathParam("station") String station) throws SQLException {
    updater.ensureTables();
    return metrics
        .station(station)
        .orElseThrow(() -> new NotFoundException("no metrics for station " + station));
  }

  @GET
  @Path("/watermark")
  public LedgerRepository.Watermark watermark() throws SQLException {
    return ledger.watermark();
  }
}
