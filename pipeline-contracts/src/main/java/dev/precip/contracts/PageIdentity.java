package dev.precip.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a raw page came from: one fetch job, one date window of it, one 1-based result offset.
 *
 * <p>Stable across retries and restarts of the fetcher, so it serves as the Kafka key of the raw
 * page and as lineage on every record cut from it.
 */
@RegisterForReflection // bound by Jackson inside normalized records and rejections
public record PageIdentity(String jobId, String windowStart, String windowEnd, int offset) {

  private static final String SEPARATOR = "|";

  public PageIdentity {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (offset < 1) {
      throw new IllegalArgumentException("offset is 1-based, got " + offset);
    }
  }

  /** The Kafka key of the raw page: {@code jobId|windowStart|windowEnd|offset}. */
  public String key() {
    return String.join(SEPARATOR, jobId, windowStart, windowEnd, Integer.toString(offset));
  }

  /** Parses {@link #key()}, or empty when the key is not one. */
  public static Optional<PageIdentity> tryParse(String key) {
    try {
      return Optional.of(parse(key));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Parses {@link #key()}; rejects anything else with an {@link IllegalArgumentException}. */
  public static PageIdentity parse(String key) {
    if (key == null) {
      throw new IllegalArgumentException("page key is missing");
    }
    String[] parts = key.split("\\|", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("page key must have 4 '|'-separated parts: " + key);
    }
    try {
      return new PageIdentity(parts[0], parts[1], parts[2], Integer.parseInt(parts[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("page key offset is not a number: " + key, e);
    }
  }
}
