package dev.precip.fetcher.rest;

import dev.precip.fetcher.repository.JobProgress;
import dev.precip.fetcher.service.JobState;
import dev.precip.fetcher.service.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What {@code GET /fetches/{id}} shows of a job.
 *
 * @param pagesTotal pages of the whole job; an estimate while {@code pagesTotalExact} is false
 * @param requests HTTP requests made for the job, retries included
 * @param estimatedRequestsLeft requests still needed, at least (retries are not foreseen)
 * @param estimatedSecondsLeft time to finish at the rate limit and the quota left; null when the
 *     rate is not limited
 * @param pausedUntil when the spent quota restarts, while the job is paused
 * @param nextRetryAt when the next failed page is tried again, while pages are failing
 * @param errors the last error of each failing or rejected page (at most 20)
 */
public record FetchJobView(
    String id,
    JobState state,
    String datasetId,
    LocalDate startDate,
    LocalDate endDate,
    int windowsTotal,
    int windowsCounted,
    int pagesTotal,
    boolean pagesTotalExact,
    int pagesDone,
    int pagesPending,
    int pagesFailing,
    int pagesRejected,
    long records,
    long requests,
    long retries,
    long estimatedRequestsLeft,
    Long estimatedSecondsLeft,
    Instant pausedUntil,
    Instant nextRetryAt,
    List<String> errors,
    Instant createdAt) {

  static FetchJobView of(JobStatus status) {
    JobProgress p = status.progress();
    return new FetchJobView(
        p.id().toString(),
        status.state(),
        p.spec().datasetId(),
        p.spec().startDate(),
        p.spec().endDate(),
        p.windows(),
        p.windowsCounted(),
        status.pagesTotal(),
        status.pagesTotalExact(),
        p.pagesDone(),
        p.pagesPending(),
        p.pagesFailing(),
        p.pagesRejected(),
        p.records(),
        p.requests(),
        p.retries(),
        status.requestsLeft(),
        status.timeLeft().map(Duration::toSeconds).orElse(null),
        status.pausedUntil().orElse(null),
        p.pagesFailing() > 0 ? p.nextDue().orElse(null) : null,
        p.errors(),
        p.createdAt());
  }
}
