package dev.precip.fetcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.fetcher.repository.JobProgress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobStatusTest {

  private static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);
  private static final JobStatus.Limits AMPLE =
      new JobStatus.Limits(5, 10_000, DAY, OptionalLong.of(10_000), Optional.empty());

  private static JobProgress progress(
      int windows, int counted, int done, int pending, int failing, int rejected, int inCounted) {
    return progress(windows, counted, done, pending, failing, rejected, inCounted, 10, NOON);
  }

  private static JobProgress progress(
      int windows,
      int counted,
      int done,
      int pending,
      int failing,
      int rejected,
      int inCounted,
      long requests,
      Instant nextDue) {
    return new JobProgress(
        UUID.randomUUID(),
        new FetchSpec(
            "PRECIP_15",
            LocalDate.parse("2010-01-01"),
            LocalDate.parse("2010-12-31"),
            List.of(),
            Optional.empty(),
            List.of()),
        NOON,
        windows,
        counted,
        done,
        pending,
        failing,
        rejected,
        inCounted,
        0,
        requests,
        0,
        pending > 0 ? Optional.of(nextDue) : Optional.empty(),
        List.of());
  }

  @Test
  void uncountedWindowsAreEstimatedFromTheCountedOnes() {
    // 2 of 4 windows counted with 10 pages between them, 3 of those done
    JobStatus s = JobStatus.of(progress(4, 2, 3, 9, 0, 0, 10), AMPLE, NOON);
    assertEquals(20, s.pagesTotal());
    assertFalse(s.pagesTotalExact());
    // 7 pending in counted windows + 2 first pages pending + 2 x 4 more expected
    assertEquals(17, s.requestsLeft());
    assertEquals(Duration.ofMillis(17 * 200), s.timeLeft().orElseThrow());
  }

  @Test
  void whenEveryWindowIsCountedTheTotalIsExact() {
    JobStatus s = JobStatus.of(progress(2, 2, 5, 0, 0, 0, 5), AMPLE, NOON);
    assertTrue(s.pagesTotalExact());
    assertEquals(5, s.pagesTotal());
    assertEquals(0, s.requestsLeft());
    assertEquals(JobState.SUCCEEDED, s.state());
  }

  @Test
  void moreRequestsThanTheQuotaLeftWaitForTheNextDays() {
    JobStatus.Limits spentSoon =
        new JobStatus.Limits(5, 10_000, DAY, OptionalLong.of(100), Optional.empty());
    // 100 today, 10,000 tomorrow, 900 the day after
    JobStatus s = JobStatus.of(progress(1, 1, 0, 11_000, 0, 0, 11_000), spentSoon, NOON);
    Duration expected = Duration.ofHours(12).plus(DAY).plusMillis(900 * 200);
    assertEquals(expected, s.timeLeft().orElseThrow());
  }

  @Test
  void withoutARateLimitThereIsNoTimeEstimate() {
    JobStatus.Limits unlimited =
        new JobStatus.Limits(0, 0, DAY, OptionalLong.empty(), Optional.empty());
    assertTrue(JobStatus.of(progress(1, 1, 0, 3, 0, 0, 3), unlimited, NOON).timeLeft().isEmpty());
  }

  @Test
  void statesFollowThePages() {
    Instant later = NOON.plusSeconds(60);
    assertEquals(
        JobState.QUEUED, JobStatus.of(progress(1, 0, 0, 1, 0, 0, 0, 0, NOON), AMPLE, NOON).state());
    assertEquals(
        JobState.RUNNING, JobStatus.of(progress(1, 1, 1, 2, 0, 0, 3), AMPLE, NOON).state());
    assertEquals(
        JobState.WAITING_TO_RETRY,
        JobStatus.of(progress(1, 1, 1, 1, 1, 0, 2, 10, later), AMPLE, NOON).state());
    assertEquals(JobState.FAILED, JobStatus.of(progress(2, 2, 1, 0, 0, 1, 2), AMPLE, NOON).state());
    JobStatus.Limits spent =
        new JobStatus.Limits(5, 10_000, DAY, OptionalLong.of(0), Optional.of(NOON.plus(DAY)));
    JobStatus paused = JobStatus.of(progress(1, 1, 1, 2, 0, 0, 3), spent, NOON);
    assertEquals(JobState.PAUSED, paused.state());
    assertEquals(Optional.of(NOON.plus(DAY)), paused.pausedUntil());
  }

  @Test
  void failedRoundsWaitLongerEachTimeUpToTheCap() {
    Duration first = Duration.ofMinutes(1);
    Duration max = Duration.ofMinutes(30);
    assertEquals(Duration.ofMinutes(1), RetryRounds.waitAfter(1, first, max));
    assertEquals(Duration.ofMinutes(4), RetryRounds.waitAfter(3, first, max));
    assertEquals(max, RetryRounds.waitAfter(6, first, max));
    assertEquals(max, RetryRounds.waitAfter(1000, first, max));
  }
}
