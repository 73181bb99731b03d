package dev.precip.maintenance.service;

/** How a run ended. */
public enum RunOutcome {
  SUCCEEDED,
  /** At least one step failed; the others still ran. */
  FAILED,
  /** Another run (here or in another replica) held the lock. */
  SKIPPED
}
