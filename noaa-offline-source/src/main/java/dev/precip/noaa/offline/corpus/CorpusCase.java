package dev.precip.noaa.offline.corpus;

import java.util.Optional;

/**
 * One case of a hostile-input corpus: either one {@code results} item, served among the other item
 * cases in well-formed pages, or a whole answer, served to a fetch filtered on its own station id.
 *
 * @param id the case's name
 * @param expect what the pipeline must make of it (the corpus says; the offline source only serves)
 * @param reason text the rejection's reason must contain, if the corpus names one
 * @param item the item's bytes, verbatim (they need not be JSON, nor UTF-8), for an item case
 * @param answer the whole answer, for a page case
 */
public record CorpusCase(
    String id, String expect, Optional<String> reason, byte[] item, Optional<Answer> answer) {

  /** Whether this is an item case (served among the others) rather than a whole answer. */
  public boolean isItem() {
    return answer.isEmpty();
  }

  /** A whole answer: status, content type, and either fixed bytes or a generated body. */
  public record Answer(
      String station, int status, String contentType, byte[] body, Optional<Generated> generated) {}

  /**
   * A body too large to keep in the corpus file, made when served.
   *
   * @param kind {@code oversized} (one item whose flags are {@code size} bytes long), {@code
   *     overcount} (one more valid item than the request's limit), {@code nested} ({@code size}
   *     nested arrays as an item)
   */
  public record Generated(String kind, int size) {}
}
