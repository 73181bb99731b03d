package dev.precip.fetcher.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * Body of {@code POST /fetches}.
 *
 * @param datasetId dataset, {@code PRECIP_15} when absent
 * @param startDate first day, inclusive
 * @param endDate last day, inclusive
 * @param stationIds optional stations, e.g. {@code COOP:010008}
 * @param locationId optional location, e.g. {@code FIPS:01}
 * @param datatypeIds optional datatypes, e.g. {@code QPCP}
 */
public record FetchRequest(
    @Pattern(regexp = "[A-Z0-9_]{1,32}") String datasetId,
    @NotNull LocalDate startDate,
    @NotNull LocalDate endDate,
    @Size(max = 50) List<@Pattern(regexp = "[A-Z]+:[A-Za-z0-9]{1,20}") String> stationIds,
    @Pattern(regexp = "[A-Z]+:[A-Za-z0-9]{1,20}") String locationId,
    @Size(max = 10) List<@Pattern(regexp = "[A-Z0-9_]{1,16}") String> datatypeIds) {}
