package dev.precip.writer.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.precip.contracts.PrecipRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Encodes a batch as the positional JSON rows the writer's INSERT unnests. */
public final class BatchRows {

  private static final JsonFactory JSON = new JsonFactory();

  /** {@code observed_at} as Trino casts it to {@code timestamp(3)}, zone-free. */
  static final DateTimeFormatter OBSERVED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private BatchRows() {}

  /**
   * {@code eventTimeMs} as {@link #OBSERVED_AT} formats it. Written out by hand for years 0-9999:
   * the formatter took 4% of the writer's CPU, once per row (JFR, {@code bin/bench writer}).
   */
  public static String observedAt(long eventTimeMs) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(Math.floorDiv(eventTimeMs, 1000), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return OBSERVED_AT.format(Instant.ofEpochMilli(eventTimeMs));
    }
    char[] text = "0000-00-00 00:00:00.000".toCharArray();
    digits(text, 0, t.getYear(), 4);
    digits(text, 5, t.getMonthValue(), 2);
    digits(text, 8, t.getDayOfMonth(), 2);
    digits(text, 11, t.getHour(), 2);
    digits(text, 14, t.getMinute(), 2);
    digits(text, 17, t.getSecond(), 2);
    digits(text, 20, (int) Math.floorMod(eventTimeMs, 1000), 3);
    return new String(text);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** One statement's share of a batch: its rows as JSON and their observed_at range. */
  public record Statement(int rows, String json, String from, String to) {}

  /**
   * The batch as few statements as possible whose JSON, with its quotes doubled as in a SQL
   * literal, stays within {@code maxChars}: one, unless the rows are unusually many or long.
   */
  public static List<Statement> statements(List<PrecipRecord> rows, int maxChars) {
    String json = toJson(rows);
    if (rows.size() > 1 && literalLength(json) > maxChars) {
      List<Statement> halves =
          new ArrayList<>(statements(rows.subList(0, rows.size() / 2), maxChars));
      halves.addAll(statements(rows.subList(rows.size() / 2, rows.size()), maxChars));
      return halves;
    }
    long first = rows.stream().mapToLong(PrecipRecord::eventTimeMs).min().orElseThrow();
    long last = rows.stream().mapToLong(PrecipRecord::eventTimeMs).max().orElseThrow();
    return List.of(new Statement(rows.size(), json, observedAt(first), observedAt(last)));
  }

  private static long literalLength(String json) {
    // a plain loop: a char stream over the ~400,000 characters of a 2,000-row batch took a tenth
    // of the writer's CPU (JFR, bin/bench pipeline)
    long quotes = 0;
    for (int i = 0; i < json.length(); i++) {
      if (json.charAt(i) == '\'') {
        quotes++;
      }
    }
    return json.length() + quotes;
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
