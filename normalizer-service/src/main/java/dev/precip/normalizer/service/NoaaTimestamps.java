package dev.precip.normalizer.service;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * The one rule for NOAA's zone-less timestamps.
 *
 * <p>CDO v2 sends {@code date} as a local wall-clock time with no zone ({@code
 * 2010-05-01T00:15:00}); for PRECIP_15 it is believed to be the station's Local Standard Time,
 * which has no daylight saving. We read that wall clock <em>as if it were UTC</em>: {@code
 * eventTimeMs = LocalDateTime.parse(date).toInstant(ZoneOffset.UTC).toEpochMilli()}. The result
 * never depends on the host's zone, every wall-clock value maps to exactly one number (no DST gaps
 * or repeats), and the original string is kept beside it. It is therefore a sortable encoding of
 * the station's local time, not a true UTC instant; a consumer that knows a station's offset adds
 * it.
 */
public final class NoaaTimestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private NoaaTimestamps() {}

  /** Parses strictly ({@code 2010-02-30T00:00:00} is rejected). */
  public static LocalDateTime parse(String date) {
    return LocalDateTime.parse(date, FORMAT);
  }

  /** Epoch milliseconds of the wall clock read as UTC. */
  public static long toEpochMillis(String date) {
    return parse(date).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
