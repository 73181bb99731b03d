package dev.precip.metrics.rest;

import dev.precip.metrics.service.Recompute;
import dev.precip.metrics.service.Reconciler;
import dev.precip.metrics.service.Reconciliation;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;

/** Checks the incremental metrics against the data table, and rebuilds them from it. */
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ReconciliationResource {

  private final Reconciler reconciler;

  public ReconciliationResource(Reconciler reconciler) {
    this.reconciler = reconciler;
  }

  /** The stations whose metrics differ from a full recomputation (sql/reconcile-metrics.sql). */
  @GET
  @Path("/reconciliation")
  public Reconciliation reconciliation() throws SQLException {
    return reconciler.reconcile();
  }

  /**
   * Rebuilds the metrics table from the data table, pausing batch updates meanwhile, and reports
   * how the incremental metrics compared. Rebuilding reads the whole data table.
   */
  @POST
  @Path("/recompute")
  @RolesAllowed("operator")
  public Recompute recompute() throws SQLException {
    return reconciler.recompute();
  }
}
