package dev.precip.fetcher.service;

/** Lifecycle of a fetch job. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  /** At least one window failed after its retries; the others were fetched. */
  FAILED
}
