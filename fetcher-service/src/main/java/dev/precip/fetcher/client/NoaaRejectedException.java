package dev.precip.fetcher.client;

/**
 * NOAA refused the request itself (400 and other 4xx but 429): retrying the same request cannot
 * succeed. Carries NOAA's own message, e.g. "The date range must be less than 1 year.".
 */
public class NoaaRejectedException extends RuntimeException {

  private final int status;

  public NoaaRejectedException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
