package dev.precip.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One case of the hostile-input corpus as the test reads it: what is served (an item among the item
 * cases, or a whole answer to a fetch on its own station) and what the pipeline must make of it.
 *
 * @param expect for an item {@code accepted} or {@code rejected}; for a page {@code retried},
 *     {@code refused}, {@code empty}, {@code rejected-item} or {@code rejected-page}
 * @param reason text the rejection's reason must contain, or null
 * @param item the item's bytes, for an item case
 * @param station the station a page case is served to, for a page case
 */
record HostileCase(String id, String expect, String reason, byte[] item, String station) {

  static final List<Path> FILES =
      List.of(
          Path.of("src/test/resources/hostile/hand-written.jsonl").toAbsolutePath(),
          Path.of("src/test/resources/hostile/generated.jsonl").toAbsolutePath());

  boolean isItem() {
    return item != null;
  }

  /** The accepted item's fields, as the table must hold them. */
  JsonNode fields() throws IOException {
    return Http.JSON.readTree(item);
  }

  /** Every case of the corpus files, in the order the offline source serves them. */
  static List<HostileCase> readAll() throws IOException {
    List<HostileCase> all = new ArrayList<>();
    for (Path file : FILES) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("//")) {
          continue;
        }
        JsonNode c = Http.JSON.readTree(line);
        String reason = c.hasNonNull("reason") ? c.get("reason").asText() : null;
        byte[] item = null;
        String station = null;
        if (c.has("item")) {
          item = Http.JSON.writeValueAsBytes(c.get("item"));
        } else if (c.has("itemBase64")) {
          item = Base64.getDecoder().decode(c.get("itemBase64").asText());
        } else {
          station = c.get("page").get("station").asText();
        }
        all.add(
            new HostileCase(c.get("id").asText(), c.get("expect").asText(), reason, item, station));
      }
    }
    return all;
  }
}
