package dev.precip.fetcher.client;

/**
 * One successfully received {@code /data} page.
 *
 * @param body the response body, untouched
 * @param count {@code metadata.resultset.count}: results in the whole window (0 for {@code {}})
 * @param results items in this page
 */
public record NoaaPage(String body, int count, int results) {

  public boolean isEmpty() {
    return count == 0;
  }
}
