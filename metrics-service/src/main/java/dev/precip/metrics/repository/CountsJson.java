package dev.precip.metrics.repository;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.precip.metrics.service.StationCount;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-station counts as the positional JSON rows {@link MetricsSql#insertCounts()} unnests: {@code
 * [station, batch id, total, missing]} each.
 */
final class CountsJson {

  /**
   * Trino refuses a query text over 1,000,000 characters ({@code query.max-length}), and the bound
   * JSON travels inside it as a literal; counts that would exceed this go in several documents.
   */
  static final int MAX_QUERY_CHARS = 900_000;

  private static final JsonFactory JSON = new JsonFactory();

  private CountsJson() {}

  /** One row of counts: a station's rows in one batch. */
  record Row(String batchId, StationCount count) {}

  static List<Row> rows(Map<String, List<StationCount>> countsByBatch) {
    List<Row> rows = new ArrayList<>();
    countsByBatch.forEach((batch, counts) -> counts.forEach(c -> rows.add(new Row(batch, c))));
    return rows;
  }

  /**
   * The rows as few JSON documents as possible whose length, with quotes doubled as in a SQL
   * literal, stays within {@code maxChars}: one, unless the rows are unusually many.
   */
  static List<String> documents(List<Row> rows, int maxChars) {
    String json = toJson(rows);
    if (rows.size() > 1 && literalLength(json) > maxChars) {
      List<String> halves = new ArrayList<>(documents(rows.subList(0, rows.size() / 2), maxChars));
      halves.addAll(documents(rows.subList(rows.size() / 2, rows.size()), maxChars));
      return halves;
    }
    return List.of(json);
  }

  private static long literalLength(String json) {
    return json.length() + json.chars().filter(c -> c == '\'').count();
  }

  static String toJson(List<Row> rows) {
    StringWriter out = new StringWriter(rows.size() * 64);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartArray();
      for (Row row : rows) {
        json.writeStartArray();
        json.writeString(row.count().station());
        json.writeString(row.batchId());
        json.writeNumber(row.count().total());
        json.writeNumber(row.count().missing());
        json.writeEndArray();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
