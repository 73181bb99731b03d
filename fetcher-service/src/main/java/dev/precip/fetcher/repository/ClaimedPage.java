package dev.precip.fetcher.repository;

import dev.precip.fetcher.service.FetchSpec;
import dev.precip.fetcher.service.FetchWindow;
import java.util.UUID;

/**
 * A page this worker holds: no other worker of any instance can claim it until the claim ends.
 *
 * @param failures earlier rounds of retries that failed for this page
 */
public record ClaimedPage(
    UUID jobId, FetchSpec spec, FetchWindow window, int offset, int failures) {}
