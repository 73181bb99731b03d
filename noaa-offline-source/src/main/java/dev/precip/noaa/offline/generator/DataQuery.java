package dev.precip.noaa.offline.generator;

import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@code /data} request selects: an inclusive time range and optional filters (an empty set
 * means "all").
 */
public record DataQuery(
    LocalDateTime start,
    LocalDateTime end,
    Set<String> stations,
    Set<String> datatypes,
    Optional<String> location) {}
