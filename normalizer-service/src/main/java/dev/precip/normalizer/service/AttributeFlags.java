package dev.precip.normalizer.service;

import java.util.Arrays;
import java.util.List;

/**
 * Expands NOAA's positional, comma-joined flag string into its slots, keeping every slot.
 *
 * <p>{@code ",,HI"} becomes {@code ["", "", "HI"]}: an empty slot's position is its meaning, so
 * none is ever dropped (Java's {@code split(",", -1)}, never the default split, which drops
 * trailing empties). The original string is always kept beside the array, so a string whose
 * measurement flag is itself a comma (pre-1984 accumulations) can be re-read exactly: such a string
 * has one slot more than its datatype's usual count.
 */
public final class AttributeFlags {

  private AttributeFlags() {}

  public static List<String> split(String attributes) {
    return Arrays.asList(attributes.split(",", -1));
  }
}
