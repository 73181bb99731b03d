package dev.precip.noaa.offline.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostileCorpusTest {

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    Path f = dir.resolve("corpus.jsonl");
    Files.write(f, List.of(lines), StandardCharsets.UTF_8);
    return f;
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void itemCasesAreServedInOrderAsPagesWithTheirCount() throws IOException {
    HostileCorpus corpus =
        HostileCorpus.read(
            List.of(
                file(
                    "// a comment",
                    "{\"id\":\"a\",\"expect\":\"rejected\",\"item\":42}",
                    "{\"id\":\"b\",\"expect\":\"rejected\",\"itemBase64\":\"/w==\"}",
                    "{\"id\":\"c\",\"expect\":\"rejected\",\"item\":{\"x\":null}}")));
    assertEquals(
        "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":3,\"limit\":2}},\"results\":[42,\uFFFD]}",
        text(corpus.itemPage(1, 2)));
    assertEquals(
        "{\"metadata\":{\"resultset\":{\"offset\":3,\"count\":3,\"limit\":2}},\"results\":[{\"x\":null}]}",
        text(corpus.itemPage(3, 2)));
    assertEquals("{}", text(corpus.itemPage(4, 2)));
  }

  @Test
  void aPageCaseIsTheAnswerToAFetchOnItsStation() throws IOException {
    HostileCorpus corpus =
        HostileCorpus.read(
            List.of(
                file(
                    "{\"id\":\"p\",\"expect\":\"retried\",\"page\":{\"station\":\"COOP:990001\","
                        + "\"status\":502,\"contentType\":\"text/html\",\"body\":\"<html/>\"}}")));
    CorpusCase.Answer answer = corpus.answerFor(Set.of("COOP:990001")).orElseThrow();
    assertEquals(502, answer.status());
    assertEquals("text/html", answer.contentType());
    assertArrayEquals("<html/>".getBytes(StandardCharsets.UTF_8), answer.body());
    assertTrue(corpus.answerFor(Set.of("COOP:990002")).isEmpty());
  }

  @Test
  void anOvercountPageHoldsOneItemMoreThanTheLimit() {
    String body = text(HostileCorpus.generate(new CorpusCase.Generated("overcount", 0), 3));
    assertEquals(4, body.split("\"station\"").length - 1, body);
  }

  @Test
  void aMalformedLineIsAnErrorNamingFileAndLine() throws IOException {
    Path f = file("{\"id\":\"a\",\"expect\":\"rejected\",\"item\":1}", "{\"id\":\"b\"}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HostileCorpus.read(List.of(f)));
    assertTrue(e.getMessage().startsWith(f + ":2: not a corpus case"), e.getMessage());
  }

  @Test
  void twoPageCasesForOneStationAreAnError() throws IOException {
    String page =
        "{\"id\":\"p\",\"expect\":\"retried\",\"page\":{\"station\":\"COOP:1\",\"body\":\"\"}}";
    Path f = file(page, page);
    assertThrows(IllegalArgumentException.class, () -> HostileCorpus.read(List.of(f)));
  }
}
