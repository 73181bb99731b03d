package dev.precip.noaa.offline.generator;

/** One CDO v2 data item exactly as NOAA sends it. */
public record Observation(
    String date, String datatype, String station, String attributes, long value) {

  public static final long MISSING = 99999;

  public boolean isMissing() {
    return value == MISSING;
  }

  /** The same observation with only its units left in {@code attributes}, as no valid item is. */
  Observation malformed() {
    String units = attributes.substring(attributes.lastIndexOf(',') + 1);
    return new Observation(date, datatype, station, units, value);
  }

  /** True when {@code attributes} lacks its comma-separated flag slots (served broken). */
  public boolean isMalformed() {
    return attributes.indexOf(',') < 0;
  }
}
