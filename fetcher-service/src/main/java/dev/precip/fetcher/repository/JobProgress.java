package dev.precip.fetcher.repository;

import dev.precip.fetcher.service.FetchSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A fetch job and its progress as stored.
 *
 * @param windowsCounted windows whose {@code resultset.count} is known
 * @param pagesDone pages published, or found empty
 * @param pagesPending pages still to fetch, including those waiting to be retried
 * @param pagesFailing pending pages whose last round of retries failed
 * @param pagesRejected pages NOAA rejected (4xx) or the fetcher refused; they are not retried
 * @param pagesInCountedWindows pages of the windows whose count is known: exact once all are
 * @param requests HTTP requests made, retries included
 * @param nextDue when the earliest pending page is due
 * @param errors the last error of each failing or rejected page
 */
public record JobProgress(
    UUID id,
    FetchSpec spec,
    Instant createdAt,
    int windows,
    int windowsCounted,
    int pagesDone,
    int pagesPending,
    int pagesFailing,
    int pagesRejected,
    int pagesInCountedWindows,
    long records,
    long requests,
    long retries,
    Optional<Instant> nextDue,
    List<String> errors) {}
