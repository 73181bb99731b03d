package dev.precip.writer.service;

import dev.precip.contracts.PrecipRecord;

/** The natural key of a row: one observation per station, datatype and event time. */
public record PrecipRow(String station, String datatype, long eventTimeMs) {

  public static PrecipRow keyOf(PrecipRecord record) {
    return new PrecipRow(record.station(), record.datatype(), record.eventTimeMs());
  }
}
