package dev.precip.metrics.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.metrics.service.StationCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CountsJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<CountsJson.Row> rows(int batches, int stations) {
    Map<String, List<StationCount>> counts = new LinkedHashMap<>();
    for (int b = 0; b < batches; b++) {
      List<StationCount> perStation = new ArrayList<>();
      for (int s = 0; s < stations; s++) {
        perStation.add(new StationCount(String.format("COOP:%06d", s), s + 1, s % 2));
      }
      // the writer's batch ids are UUIDs
      counts.put(UUID.nameUUIDFromBytes(new byte[] {(byte) b}).toString(), perStation);
    }
    return CountsJson.rows(counts);
  }

  @Test
  void eachStationOfEachBatchIsOnePositionalRow() throws Exception {
    JsonNode json =
        JSON.readTree(
            CountsJson.toJson(
                CountsJson.rows(Map.of("b1", List.of(new StationCount("COOP:1", 12, 3))))));

    assertEquals("[[\"COOP:1\",\"b1\",12,3]]", json.toString());
  }

  @Test
  void stationsWithQuotesBackslashesAndControlCharactersAreEscapedNotConcatenated()
      throws Exception {
    String hostile = "O'Brien \"\\\n\u0000 ' OR 1=1 --";
    String json =
        CountsJson.toJson(CountsJson.rows(Map.of("b1", List.of(new StationCount(hostile, 1, 0)))));

    assertEquals(hostile, JSON.readTree(json).get(0).get(0).asText());
  }

  @Test
  void countsTooLongForOneStatementAreSplitWithoutLosingARow() throws Exception {
    List<CountsJson.Row> rows = rows(20, 500);
    int maxChars = CountsJson.toJson(rows).length() / 3;

    List<String> documents = CountsJson.documents(rows, maxChars);

    assertTrue(documents.size() > 1, "split into " + documents.size());
    int total = 0;
    for (String document : documents) {
      assertTrue(document.length() <= maxChars, document.length() + " > " + maxChars);
      total += JSON.readTree(document).size();
    }
    assertEquals(rows.size(), total);
  }

  @Test
  void aFullPollOfCountsFitsOneStatement() {
    // max.poll.records events of 500 stations each, the most a 500-row batch can touch
    assertEquals(1, CountsJson.documents(rows(20, 500), CountsJson.MAX_QUERY_CHARS).size());
  }
}
