package dev.precip.normalizer.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Expands NOAA's positional, comma-joined flag string into its slots, keeping every slot.
 *
 * <p>{@code ",,HI"} becomes {@code ["", "", "HI"]}: an empty slot's position is its meaning, so
 * none is ever dropped ({@code split(",", -1)}, never the default split, which drops trailing
 * empties).
 *
 * <p>One flag is itself a comma: the PRECIP_15 measurement flag for an accumulation in progress at
 * the start of a month (before 1984). Joined, {@code "," + "," + "" + "," + "HI"} reads {@code
 * ",,,HI"}, one slot too many. Since the measurement flag is the first slot, such a string always
 * splits into one slot more than the dataset has, with its first two slots empty; exactly that
 * shape is read as a comma flag, {@code [",", "", "HI"]}, so no later flag moves. Any other count
 * of slots cannot be read positionally and is rejected. The original string is always kept beside
 * the array.
 */
public final class AttributeFlags {

  private static final String COMMA_FLAG = ",";

  private AttributeFlags() {}

  /** Every slot of the string, as sent, with no interpretation. */
  public static List<String> split(String attributes) {
    return Arrays.asList(attributes.split(",", -1));
  }

  /** The string's {@code slots} positional flags, or empty when it cannot be read as that many. */
  public static Optional<List<String>> positional(String attributes, int slots) {
    List<String> parts = split(attributes);
    if (parts.size() == slots) {
      return Optional.of(parts);
    }
    if (parts.size() == slots + 1 && parts.get(0).isEmpty() && parts.get(1).isEmpty()) {
      List<String> flags = new ArrayList<>(slots);
      flags.add(COMMA_FLAG);
      flags.addAll(parts.subList(2, parts.size()));
      return Optional.of(flags);
    }
    return Optional.empty();
  }
}
