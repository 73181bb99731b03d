package dev.precip.fetcher.service;

import dev.precip.fetcher.client.QuotaPeriods;
import dev.precip.fetcher.repository.JobProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A job's progress with what follows from it: its state and how much is left.
 *
 * @param pagesTotal pages of the whole job, estimated while some windows are not counted yet
 * @param requestsLeft requests still needed at least (one per page left; retries not foreseen)
 * @param timeLeft time to finish at the configured rate and the quota left, when limited
 * @param pausedUntil when the quota restarts, while the job is paused by it
 */
public record JobStatus(
    JobProgress progress,
    JobState state,
    int pagesTotal,
    boolean pagesTotalExact,
    long requestsLeft,
    Optional<Duration> timeLeft,
    Optional<Instant> pausedUntil) {

  /** The limits the estimate assumes. */
  public record Limits(
      int requestsPerSecond,
      int requestsPerPeriod,
      Duration period,
      OptionalLong quotaLeft,
      Optional<Instant> pausedUntil) {}

  public static JobStatus of(JobProgress p, Limits limits, Instant now) {
    int uncounted = p.windows() - p.windowsCounted();
    double pagesPerWindow =
        p.windowsCounted() == 0
            ? 1
            : Math.max(1, (double) p.pagesInCountedWindows() / p.windowsCounted());
    int pagesTotal = p.pagesInCountedWindows() + (int) Math.ceil(uncounted * pagesPerWindow);
    // each uncounted window has its first page pending already
    long requestsLeft = p.pagesPending() + (long) Math.ceil(uncounted * (pagesPerWindow - 1));
    JobState state = state(p, limits, now);
    return new JobStatus(
        p,
        state,
        pagesTotal,
        uncounted == 0,
        requestsLeft,
        timeLeft(requestsLeft, limits, now),
        state == JobState.PAUSED ? limits.pausedUntil() : Optional.empty());
  }

  private static JobState state(JobProgress p, Limits limits, Instant now) {
    if (p.pagesPending() == 0) {
      return p.pagesRejected() > 0 ? JobState.FAILED : JobState.SUCCEEDED;
    }
    if (limits.pausedUntil().isPresent()) {
      return JobState.PAUSED;
    }
    if (p.pagesFailing() > 0 && p.nextDue().filter(now::isBefore).isPresent()) {
      return JobState.WAITING_TO_RETRY;
    }
    if (p.requests() == 0 && p.pagesDone() == 0) {
      return JobState.QUEUED;
    }
    return JobState.RUNNING;
  }

  /**
   * At the rate, spending what is left of the quota now and a whole quota every period after it
   * restarts. Empty without a rate limit: then the time depends only on NOAA.
   */
  static Optional<Duration> timeLeft(long requests, Limits limits, Instant now) {
    if (limits.requestsPerSecond() <= 0) {
      return Optional.empty();
    }
    long msPerRequest = 1000L / limits.requestsPerSecond();
    if (limits.quotaLeft().isEmpty() || requests <= limits.quotaLeft().getAsLong()) {
      return Optional.of(Duration.ofMillis(requests * msPerRequest));
    }
    long beyond = requests - limits.quotaLeft().getAsLong();
    long fullPeriods = (beyond - 1) / limits.requestsPerPeriod();
    long inLastPeriod = beyond - fullPeriods * limits.requestsPerPeriod();
    Instant restart = QuotaPeriods.nextStart(now, limits.period());
    Instant end =
        restart
            .plus(limits.period().multipliedBy(fullPeriods))
            .plusMillis(inLastPeriod * msPerRequest);
    return Optional.of(Duration.between(now, end));
  }
}
