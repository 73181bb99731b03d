package dev.precip.writer.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.precip.contracts.PrecipRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;

/** Encodes a batch as the positional JSON rows the writer's INSERT unnests. */
public final class BatchRows {

  private static final JsonFactory JSON = new JsonFactory();

  /** {@code observed_at} as Trino casts it to {@code timestamp(3)}, zone-free. */
  static final DateTimeFormatter OBSERVED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private BatchRows() {}

  public static String observedAt(long eventTimeMs) {
    return OBSERVED_AT.format(Instant.ofEpochMilli(eventTimeMs));
  }

  public static String toJson(Collection<PrecipRecord> records) {
    StringWriter out = new StringWriter(records.size() * 200);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartArray();
      for (PrecipRecord r : records) {
        json.writeStartArray();
        json.writeString(r.station());
        json.writeString(r.datatype());
        json.writeString(r.date());
        json.writeString(observedAt(r.eventTimeMs()));
        json.writeNumber(r.eventTimeMs());
        json.writeNumber(r.value());
        json.writeStartArray();
        for (String flag : r.attributes()) {
          json.writeString(flag);
        }
        json.writeEndArray();
        json.writeString(r.attributesRaw());
        json.writeNumber(r.ingestionTs());
        json.writeString(r.page().key());
        json.writeNumber(r.pageIndex());
        json.writeEndArray();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
