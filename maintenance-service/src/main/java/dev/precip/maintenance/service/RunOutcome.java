package dev.precip.maintenance.service;

/** Where a run stands. */
public enum RunOutcome {
  /** Holding the lock now. */
  RUNNING,
  SUCCEEDED,
  /** At least one step failed (after its retries) or a table could not be read; see the steps. */
  FAILED,
  /** Another run (here or in another replica) held the lock, or the lock could not be taken. */
  SKIPPED,
  /** Its instance died mid-run (found by the next run that took the lock). */
  ABANDONED
}
