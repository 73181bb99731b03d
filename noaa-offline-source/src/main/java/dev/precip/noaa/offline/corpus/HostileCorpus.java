package dev.precip.noaa.offline.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.noaa.offline.config.OfflineSourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A hostile-input corpus read from JSON-lines files ({@code noaa-offline.corpus}). Each line is a
 * case: {@code {"id", "expect", "item"}} (any JSON value) or {@code "itemBase64"} (raw bytes) for
 * an item; {@code "page": {"station", "status", "contentType", "body" | "bodyBase64" | "generate":
 * {"kind", "size"}}} for a whole answer. Item cases are served, in file order, as the pages of any
 * fetch that names no page case's station.
 */
public final class HostileCorpus {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<CorpusCase> cases = new ArrayList<>();
  private final List<CorpusCase> items = new ArrayList<>();
  private final Map<String, CorpusCase.Answer> answers = new HashMap<>();

  private HostileCorpus() {}

  /** Reads every file, in order; a malformed line is a startup error naming file and line. */
  public static HostileCorpus read(List<Path> files) {
    HostileCorpus corpus = new HostileCorpus();
    for (Path file : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the corpus " + file, e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("//")) {
          continue;
        }
        try {
          corpus.add(parse(JSON.readTree(line)));
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException(
              file + ":" + (i + 1) + ": not a corpus case: " + e.getMessage(), e);
        }
      }
    }
    return corpus;
  }

  private void add(CorpusCase c) {
    cases.add(c);
    if (c.answer().isPresent()) {
      String station = c.answer().get().station();
      if (answers.putIfAbsent(station, c.answer().get()) != null) {
        throw new IllegalArgumentException("two page cases for station " + station);
      }
    } else {
      items.add(c);
    }
  }

  static CorpusCase parse(JsonNode line) throws IOException {
    String id = required(line, "id").asText();
    String expect = required(line, "expect").asText();
    Optional<String> reason =
        line.hasNonNull("reason") ? Optional.of(line.get("reason").asText()) : Optional.empty();
    if (line.has("item")) {
      byte[] item = JSON.writeValueAsBytes(line.get("item"));
      return new CorpusCase(id, expect, reason, item, Optional.empty());
    }
    if (line.has("itemBase64")) {
      byte[] item = Base64.getDecoder().decode(line.get("itemBase64").asText());
      return new CorpusCase(id, expect, reason, item, Optional.empty());
    }
    JsonNode page = required(line, "page");
    byte[] body = new byte[0];
    Optional<CorpusCase.Generated> generated = Optional.empty();
    if (page.has("body")) {
      body = page.get("body").asText().getBytes(StandardCharsets.UTF_8);
    } else if (page.has("bodyBase64")) {
      body = Base64.getDecoder().decode(page.get("bodyBase64").asText());
    } else {
      JsonNode g = required(page, "generate");
      generated =
          Optional.of(
              new CorpusCase.Generated(required(g, "kind").asText(), g.path("size").asInt(0)));
    }
    return new CorpusCase(
        id,
        expect,
        reason,
        null,
        Optional.of(
            new CorpusCase.Answer(
                required(page, "station").asText(),
                page.path("status").asInt(200),
                page.path("contentType").asText("application/json"),
                body,
                generated)));
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("no \"" + field + "\"");
    }
    return value;
  }

  /** The page case a fetch filtered on these stations asks for, if any. */
  public Optional<CorpusCase.Answer> answerFor(Set<String> stations) {
    return stations.stream().map(answers::get).filter(a -> a != null).findFirst();
  }

  /** The item cases as one CDO page from {@code offset} (1-based), or {@code {}} past the end. */
  public byte[] itemPage(int offset, int limit) {
    if (items.isEmpty() || offset > items.size()) {
      return "{}".getBytes(StandardCharsets.UTF_8);
    }
    List<byte[]> page = new ArrayList<>();
    for (int i = offset - 1; i < Math.min(items.size(), offset - 1 + limit); i++) {
      page.add(items.get(i).item());
    }
    return envelope(page, offset, items.size(), limit);
  }

  /** A generated answer's body for a request of {@code limit} results. */
  public static byte[] generate(CorpusCase.Generated g, int limit) {
    switch (g.kind()) {
      case "oversized":
        return envelope(List.of(item(0, "x".repeat(g.size()))), 1, 1, limit);
      case "overcount":
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i <= limit; i++) {
          all.add(item(i, ",,C"));
        }
        return envelope(all, 1, all.size(), limit);
      case "nested":
        byte[] nested =
            ("[".repeat(g.size()) + "]".repeat(g.size())).getBytes(StandardCharsets.UTF_8);
        return envelope(List.of(nested), 1, 1, limit);
      default:
        throw new IllegalArgumentException("no generated body of kind " + g.kind());
    }
  }

  private static byte[] item(int minute, String attributes) {
    String json =
        String.format(
            "{\"date\":\"2011-03-01T%02d:%02d:00\",\"datatype\":\"QPCP\",\"station\":"
                + "\"COOP:990000\",\"attributes\":\"%s\",\"value\":0.1}",
            minute / 60 % 24, minute % 60, attributes);
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] envelope(List<byte[]> items, int offset, int count, int limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("{\"metadata\":{\"resultset\":{\"offset\":"
                + offset
                + ",\"count\":"
                + count
                + ",\"limit\":"
                + limit
                + "}},\"results\":[")
            .getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(items.get(i));
    }
    out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Every case, in the order of the files and their lines. */
  public List<CorpusCase> cases() {
    return List.copyOf(cases);
  }

  /** Number of item cases and page cases. */
  public int size() {
    return cases.size();
  }

  /** The configured corpus, if one is. */
  public static Optional<HostileCorpus> of(OfflineSourceConfig config) {
    return config.corpus().map(HostileCorpus::read);
  }
}
