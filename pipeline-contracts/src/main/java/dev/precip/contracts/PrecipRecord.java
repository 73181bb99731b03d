package dev.precip.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One normalized PRECIP_15 observation, as published on {@code precip.records} (key = station).
 *
 * @param station station id, e.g. {@code COOP:010008}
 * @param datatype {@code QPCP} or {@code QGAG}
 * @param date the original zone-less timestamp string from NOAA
 * @param eventTimeMs {@code date} read as a UTC wall clock, in epoch milliseconds (see {@code
 *     NoaaTimestamps} in the normalizer: never the host's zone)
 * @param value the value as sent (no units: hundredths or tenths of an inch; {@code 99999} means
 *     missing)
 * @param attributes the positional flags, every slot kept, empty ones included
 * @param attributesRaw the original comma-joined flag string
 * @param ingestionTs epoch milliseconds at which the normalizer produced this record
 * @param page the raw page this record was cut from
 * @param pageIndex 0-based position of the record in that page's {@code results}
 */
@RegisterForReflection // serialized with Jackson by the normalizer, read by the writer
public record PrecipRecord(
    String station,
    String datatype,
    String date,
    long eventTimeMs,
    double value,
    List<String> attributes,
    String attributesRaw,
    long ingestionTs,
    PageIdentity page,
    int pageIndex) {

  /** The NOAA sentinel for a missing observation. */
  public static final double MISSING_VALUE = 99999;

  /** Derived from {@link #value()}; not part of the wire format. */
  @JsonIgnore
  public boolean isMissing() {
    return value == MISSING_VALUE;
  }
}
