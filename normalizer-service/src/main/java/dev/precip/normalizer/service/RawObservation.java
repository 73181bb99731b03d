package dev.precip.normalizer.service;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A {@code results} item as NOAA sends it, with the rules a PRECIP_15 item must satisfy. Fields are
 * null when absent or of the wrong JSON type (the type error is reported separately).
 */
public record RawObservation(
    @NotNull(message = "date is required")
        @Pattern(
            regexp = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}",
            message = "date must be YYYY-MM-DDThh:mm:ss")
        String date,
    @NotNull(message = "datatype is required")
        @Pattern(regexp = "QPCP|QGAG", message = "datatype must be QPCP or QGAG")
        String datatype,
    @NotNull(message = "station is required")
        @Pattern(regexp = "COOP:\\d{6}", message = "station must be COOP: and 6 digits")
        String station,
    @NotNull(message = "attributes is required")
        @Size(max = 32, message = "attributes is longer than 32 characters")
        @Pattern(
            regexp = "[\\x20-\\x7E]*",
            message = "attributes may hold printable ASCII flags only")
        String attributes,
    @NotNull(message = "value is required") Double value) {}
