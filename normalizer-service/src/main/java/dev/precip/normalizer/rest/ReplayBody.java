package dev.precip.normalizer.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /replay}.
 *
 * @param from {@code beginning}, or an ISO-8601 instant such as {@code 2026-11-26T12:00:00Z}
 */
public record ReplayBody(
    @NotNull
        @Pattern(
            regexp = "beginning|\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z",
            message = "from must be 'beginning' or an ISO-8601 instant in UTC")
        String from) {}
