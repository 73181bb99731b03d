package dev.precip.fetcher.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The CDO v2 {@code /data} endpoint. Package-private: callers go through {@link NoaaClient}, which
 * carries the retry and timeout policy.
 */
@RegisterRestClient(configKey = "noaa-api")
@Path("/data")
interface NoaaDataApi {

  /**
   * One page of data. Returns the raw response so that the body reaches Kafka untouched; statuses
   * are interpreted by {@link NoaaClient}.
   */
  @GET
  Response data(
      @HeaderParam("token") String token,
      @QueryParam("datasetid") String datasetId,
      @QueryParam("startdate") String startDate,
      @QueryParam("enddate") String endDate,
      @QueryParam("stationid") List<String> stationIds,
      @QueryParam("locationid") String locationId,
      @QueryParam("datatypeid") List<String> datatypeIds,
      @QueryParam("limit") int limit,
      @QueryParam("offset") int offset);
}
