package dev.precip.fetcher.client;

import java.util.List;
import java.util.Optional;

/** The parameters of one {@code /data} request. Dates are {@code YYYY-MM-DDThh:mm:ss}. */
public record PageRequest(
    String datasetId,
    String startDate,
    String endDate,
    List<String> stationIds,
    Optional<String> locationId,
    List<String> datatypeIds,
    int limit,
    int offset) {}
