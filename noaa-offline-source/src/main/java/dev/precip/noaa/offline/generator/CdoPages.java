package dev.precip.noaa.offline.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** The CDO v2 page envelope, written exactly as NOAA writes it. */
public final class CdoPages {

  private static final JsonFactory JSON = new JsonFactory();

  private CdoPages() {}

  /**
   * {@code {"metadata":{"resultset":{"offset":..,"count":..,"limit":..}},"results":[...]}} with the
   * items' fields in NOAA's order.
   */
  public static String render(List<Observation> page, int offset, int count, int limit) {
    StringWriter out = new StringWriter(page.size() * 110 + 100);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("metadata");
      json.writeObjectFieldStart("resultset");
      json.writeNumberField("offset", offset);
      json.writeNumberField("count", count);
      json.writeNumberField("limit", limit);
      json.writeEndObject();
      json.writeEndObject();
      json.writeArrayFieldStart("results");
      for (Observation o : page) {
        json.writeStartObject();
        json.writeStringField("date", o.date());
        json.writeStringField("datatype", o.datatype());
        json.writeStringField("station", o.station());
        json.writeStringField("attributes", o.attributes());
        json.writeNumberField("value", o.value());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
