package dev.precip.maintenance.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trino's (Airlift's) duration text, as {@code SHOW SESSION} prints it: {@code 7.00d}, {@code
 * 1.00m}.
 */
public final class TrinoDuration {

  private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-z]+)\\s*");

  private TrinoDuration() {}

  public static Duration parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Trino duration: '" + text + "'");
    }
    BigDecimal nanosPerUnit =
        BigDecimal.valueOf(
            switch (m.group(2)) {
              case "ns" -> 1L;
              case "us" -> 1_000L;
              case "ms" -> 1_000_000L;
              case "s" -> 1_000_000_000L;
              case "m" -> 60_000_000_000L;
              case "h" -> 3_600_000_000_000L;
              case "d" -> 86_400_000_000_000L;
              default ->
                  throw new IllegalArgumentException(
                      "unknown unit '" + m.group(2) + "' in Trino duration '" + text + "'");
            });
    return Duration.ofNanos(new BigDecimal(m.group(1)).multiply(nanosPerUnit).longValueExact());
  }
}
