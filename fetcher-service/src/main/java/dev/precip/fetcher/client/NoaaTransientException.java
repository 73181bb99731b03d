package dev.precip.fetcher.client;

/** A failure worth retrying: 429, 5xx, a body that is not a CDO page, a broken connection. */
public class NoaaTransientException extends RuntimeException {

  private final int status;

  public NoaaTransientException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status, or 0 when no response was received. */
  public int status() {
    return status;
  }
}
