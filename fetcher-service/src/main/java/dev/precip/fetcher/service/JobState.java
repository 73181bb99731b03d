package dev.precip.fetcher.service;

/** Where a fetch job stands, derived from its pages. */
public enum JobState {
  /** Nothing fetched yet: earlier jobs' pages go first. */
  QUEUED,
  RUNNING,
  /** The token's request quota is spent; the job resumes when it restarts. */
  PAUSED,
  /** Every page left failed its last round of retries and waits for the next round. */
  WAITING_TO_RETRY,
  /** Every page published (or its window found empty). */
  SUCCEEDED,
  /** NOAA rejected some pages (400); every other page was published. */
  FAILED;

  /** Whether the job will do nothing more. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
