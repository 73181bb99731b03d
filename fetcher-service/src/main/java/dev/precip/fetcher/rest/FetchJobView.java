package dev.precip.fetcher.rest;

import dev.precip.fetcher.service.FetchJob;
import dev.precip.fetcher.service.JobState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What {@code GET /fetches/{id}} shows of a job. */
public record FetchJobView(
    String id,
    JobState state,
    String datasetId,
    LocalDate startDate,
    LocalDate endDate,
    int windowsTotal,
    int windowsDone,
    int pagesTotal,
    int pagesDone,
    long records,
    long requests,
    List<String> errors,
    Instant createdAt) {

  static FetchJobView of(FetchJob job) {
    return new FetchJobView(
        job.id(),
        job.state(),
        job.spec().datasetId(),
        job.spec().startDate(),
        job.spec().endDate(),
        job.windows().size(),
        job.windowsDone(),
        job.pagesTotal(),
        job.pagesDone(),
        job.records(),
        job.requests(),
        job.errors(),
        job.createdAt());
  }
}
