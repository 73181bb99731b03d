package dev.precip.noaa.offline.generator;

/** One CDO v2 data item exactly as NOAA sends it. */
public record Observation(
    String date, String datatype, String station, String attributes, long value) {

  public static final long MISSING = 99999;

  public boolean isMissing() {
    return value == MISSING;
  }
}
