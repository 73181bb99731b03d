package dev.precip.fetcher.service;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** What a fetch job fetches. */
public record FetchSpec(
    String datasetId,
    LocalDate startDate,
    LocalDate endDate,
    List<String> stationIds,
    Optional<String> locationId,
    List<String> datatypeIds) {}
