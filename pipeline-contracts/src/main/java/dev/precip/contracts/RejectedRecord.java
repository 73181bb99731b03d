package dev.precip.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A record (or a whole page) the normalizer would not accept, as published on {@code
 * precip.records.dlq}. Carries everything needed to understand and replay it.
 *
 * @param reason a machine-readable reason code
 * @param detail a human-readable explanation
 * @param pageKey the raw page's Kafka key (its {@link PageIdentity#key()} when well-formed)
 * @param pageIndex 0-based position in the page's {@code results}, or -1 for a whole page
 * @param original the rejected item or page, verbatim
 */
@RegisterForReflection // serialized with Jackson by the normalizer
public record RejectedRecord(
    RejectReason reason, String detail, String pageKey, int pageIndex, String original) {

  /** Index used when the whole page is rejected. */
  public static final int WHOLE_PAGE = -1;
}
