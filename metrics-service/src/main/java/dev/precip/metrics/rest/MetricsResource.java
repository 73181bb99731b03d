package dev.precip.metrics.rest;

import dev.precip.metrics.repository.TrinoMetricsRepository;
import dev.precip.metrics.service.MetricsUpdater;
import dev.precip.metrics.service.StationMetrics;
import dev.precip.metrics.service.WatermarkMonitor;
import dev.precip.metrics.service.WatermarkStatus;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

/** Reads the per-station metrics and the watermark. */
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class MetricsResource {

  private final TrinoMetricsRepository metrics;
  private final MetricsUpdater updater;
  private final WatermarkMonitor watermark;

  public MetricsResource(
      TrinoMetricsRepository metrics, MetricsUpdater updater, WatermarkMonitor watermark) {
    this.metrics = metrics;
    this.updater = updater;
    this.watermark = watermark;
  }

  /** Every station, by station id. */
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

  /** The stations with the highest share of missing observations first. */
  @GET
  @Path("/worst")
  public List<StationMetrics> worst(
      @QueryParam("limit") @DefaultValue("10") @Min(1) @Max(10000) int limit) throws SQLException {
    updater.ensureTables();
    return metrics.worstStations(limit);
  }

  /** The newest counted batch's commit time, and the rows committed but not yet counted. */
  @GET
  @Path("/watermark")
  public WatermarkStatus watermark() throws SQLException {
    return watermark.status();
  }
}
