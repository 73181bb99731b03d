package dev.precip.fetcher.client;

/**
 * An answer the fetcher will not take as a page whatever the retries: larger than {@code
 * fetcher.noaa.max-page-bytes} (it could not be published to Kafka), or holding more results than
 * the request's limit allowed. The page is marked rejected with this message.
 */
public class PageRefusedException extends RuntimeException {

  public PageRefusedException(String message) {
    super(message);
  }
}
