package dev.precip.noaa.offline.rest;

import dev.precip.noaa.offline.config.OfflineSourceConfig;
import dev.precip.noaa.offline.corpus.CorpusAnswers;
import dev.precip.noaa.offline.generator.CdoPages;
import dev.precip.noaa.offline.generator.DataQuery;
import dev.precip.noaa.offline.generator.Observation;
import dev.precip.noaa.offline.service.FaultPlan;
import dev.precip.noaa.offline.service.RecentQueries;
import dev.precip.noaa.offline.service.RequestLimits;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** {@code GET /cdo-web/api/v2/data}: the CDO v2 data endpoint, PRECIP_15 only. */
@Path("/cdo-web/api/v2/data")
@Produces(MediaType.APPLICATION_JSON)
public class CdoDataResource {

  static final int MAX_LIMIT = 1000;
  private static final int DEFAULT_LIMIT = 25;

  private final RecentQueries queries;
  private final OfflineSourceConfig config;
  private final RequestLimits limits;
  private final FaultPlan faults;
  private final CorpusAnswers corpus;

  public CdoDataResource(
      RecentQueries queries,
      OfflineSourceConfig config,
      RequestLimits limits,
      FaultPlan faults,
      CorpusAnswers corpus) {
    this.queries = queries;
    this.config = config;
    this.limits = limits;
    this.faults = faults;
    this.corpus = corpus;
  }

  @GET
  public Response data(
      @HeaderParam("token") String token,
      @QueryParam("datasetid") String datasetId,
      @QueryParam("startdate") String startDate,
      @QueryParam("enddate") String endDate,
      @QueryParam("stationid") List<String> stationIds,
      @QueryParam("datatypeid") List<String> datatypeIds,
      @QueryParam("locationid") String locationId,
      @QueryParam("limit") Integer limit,
      @QueryParam("offset") Integer offset) {
    if (token == null || token.isBlank()) {
      return CdoError.status(400, "Token parameter is required.");
    }
    if (!config.tokens().contains(token)) {
      return CdoError.status(400, "Invalid token.");
    }
    switch (limits.admit(token)) {
      case PER_SECOND:
        return CdoError.status(
            429,
            "This token has reached its temporary request limit of "
                + limits.perSecond()
                + " per second.");
      case PER_DAY:
        // NOAA's exact wording for the daily quota is not known; this follows the per-second one
        return CdoError.status(
            429, "This token has reached its daily request limit of " + limits.perDay() + ".");
      default:
        break;
    }
    if (datasetId == null) {
      return CdoError.badRequest("Required parameter 'datasetid' is missing.");
    }
    if (!"PRECIP_15".equals(datasetId)) {
      return CdoError.badRequest("Invalid datasetid: " + datasetId);
    }
    if (startDate == null || endDate == null) {
      return CdoError.badRequest("Required parameters 'startdate' and 'enddate' are missing.");
    }
    LocalDateTime start;
    LocalDateTime end;
    try {
      start = parse(startDate, false);
      end = parse(endDate, true);
    } catch (DateTimeParseException e) {
      return CdoError.badRequest("Dates must be formatted as YYYY-MM-DD or YYYY-MM-DDThh:mm:ss.");
    }
    if (end.isBefore(start)) {
      return CdoError.badRequest("The end date must be after the start date.");
    }
    if (!end.isBefore(start.plusYears(1))) {
      return CdoError.badRequest("The date range must be less than 1 year.");
    }
    int pageSize = limit == null ? DEFAULT_LIMIT : limit;
    if (pageSize < 1 || pageSize > MAX_LIMIT) {
      return CdoError.badRequest("The limit must be between 1 and 1000.");
    }
    int first = offset == null ? 1 : Math.max(offset, 1);
    Optional<Response> hostile = corpus.answer(new HashSet<>(stationIds), first, pageSize);
    if (hostile.isPresent()) {
      return hostile.get();
    }

    DataQuery query =
        new DataQuery(
            start,
            end,
            new HashSet<>(stationIds),
            new HashSet<>(datatypeIds),
            Optional.ofNullable(locationId));
    List<Observation> all = queries.observations(query);
    String body;
    if (all.isEmpty() || first > all.size()) {
      body = "{}";
    } else {
      List<Observation> page = all.subList(first - 1, Math.min(all.size(), first - 1 + pageSize));
      body = CdoPages.render(page, first, all.size(), pageSize);
    }
    String request =
        String.join(
            "|",
            datasetId,
            startDate,
            endDate,
            String.valueOf(stationIds),
            String.valueOf(datatypeIds),
            String.valueOf(locationId),
            Integer.toString(pageSize),
            Integer.toString(first));
    return FaultyAnswers.answer(faults.next(request), body, config.faults().slowDelay());
  }

  private static LocalDateTime parse(String value, boolean endOfDay) {
    if (value.length() == 10) {
      LocalDate day = LocalDate.parse(value);
      return endOfDay ? day.atTime(23, 59, 59) : day.atStartOfDay();
    }
    return LocalDateTime.parse(value);
  }
}
