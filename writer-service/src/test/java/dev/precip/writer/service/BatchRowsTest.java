package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchRowsTest {

  static PrecipRecord record(String station, long eventTimeMs, String attributesRaw) {
    return new PrecipRecord(
        station,
        "QPCP",
        "2010-05-01T00:15:00",
        eventTimeMs,
        99999,
        List.of(attributesRaw.split(",", -1)),
        attributesRaw,
        7L,
        new PageIdentity("job", "2010-05-01", "2010-05-31", 1),
        3);
  }

  @Test
  void rowsArePositionalInTheInsertsColumnOrder() throws Exception {
    JsonNode rows =
        new ObjectMapper()
            .readTree(BatchRows.toJson(List.of(record("COOP:010008", 1272672900000L, ",,HI"))));
    JsonNode row = rows.get(0);
    assertEquals("COOP:010008", row.get(0).asText());
    assertEquals("QPCP", row.get(1).asText());
    assertEquals("2010-05-01T00:15:00", row.get(2).asText());
    assertEquals("2010-05-01 00:15:00.000", row.get(3).asText());
    assertEquals(1272672900000L, row.get(4).asLong());
    assertEquals(99999.0, row.get(5).asDouble());
    assertEquals(3, row.get(6).size());
    assertEquals("", row.get(6).get(0).asText());
    assertEquals(",,HI", row.get(7).asText());
    assertEquals(7L, row.get(8).asLong());
    assertEquals("job|2010-05-01|2010-05-31|1", row.get(9).asText());
    assertEquals(3, row.get(10).asInt());
  }

  @Test
  void hostileStringsAreEscapedAsJsonAndRoundTrip() throws Exception {
    String hostile = "x'); DROP TABLE t;--\"\\\u0001";
    JsonNode rows =
        new ObjectMapper().readTree(BatchRows.toJson(List.of(record(hostile, 0L, hostile))));
    assertEquals(hostile, rows.get(0).get(0).asText());
    assertEquals(hostile, rows.get(0).get(7).asText());
  }

  @Test
  void observedAtIsTheUtcWallClock() {
    assertEquals("1970-01-01 00:00:00.000", BatchRows.observedAt(0));
    assertEquals("2010-05-01 13:45:00.000", BatchRows.observedAt(1272721500000L));
    assertEquals("1969-12-31 23:59:59.999", BatchRows.observedAt(-1));
  }

  @Test
  void observedAtWritesAnyInstantAsTheFormatterDoes() {
    Random random = new Random(20261207);
    List<Long> instants =
        new ArrayList<>(
            List.of(
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                -62_167_219_200_001L, // the last millisecond of year -1
                -62_167_219_200_000L, // year 0
                253_402_300_799_999L, // the last millisecond of year 9999
                253_402_300_800_000L, // year 10000
                951_782_400_000L)); // 2000-02-29
    for (int i = 0; i < 100_000; i++) {
      instants.add(random.nextLong(-70_000_000_000_000L, 270_000_000_000_000L));
    }
    for (long ms : instants) {
      assertEquals(
          BatchRows.OBSERVED_AT.format(Instant.ofEpochMilli(ms)),
          BatchRows.observedAt(ms),
          "" + ms);
    }
  }

  @Test
  void aBatchTooLongForOneQueryIsSplitIntoStatementsWithinTheLimitKeepingEveryRow() {
    List<PrecipRecord> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(record("COOP:01000" + i, 1000L * i, ",,HI"));
    }
    int limit = BatchRows.toJson(rows.subList(0, 3)).length();

    List<BatchRows.Statement> statements = BatchRows.statements(rows, limit);

    assertTrue(statements.size() > 1, "one statement for rows over the limit");
    assertEquals(10, statements.stream().mapToInt(BatchRows.Statement::rows).sum());
    for (BatchRows.Statement statement : statements) {
      assertTrue(statement.json().length() <= limit, statement.json());
    }
    assertEquals(BatchRows.observedAt(0), statements.get(0).from());
    assertEquals(BatchRows.observedAt(9000), statements.get(statements.size() - 1).to());
  }

  @Test
  void quotesCountTwiceBecauseTheQueryTextDoublesThem() {
    String quoted = "COOP:" + "'".repeat(7);
    List<PrecipRecord> rows = List.of(record(quoted, 0, ",,HI"), record(quoted, 1000, ",,HI"));
    int plain = BatchRows.toJson(rows).length();

    assertEquals(1, BatchRows.statements(rows, plain + 14).size());
    assertEquals(2, BatchRows.statements(rows, plain + 13).size());
  }

  @Test
  void aBatchWithinTheLimitIsOneStatement() {
    List<PrecipRecord> rows = List.of(record("COOP:010008", 0, ",,HI"));
    assertEquals(1, BatchRows.statements(rows, 1_000_000).size());
  }
}
