package dev.precip.writer.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritableRecordsTest {

  private static PrecipRecord record(String station, String datatype, PageIdentity page) {
    return new PrecipRecord(
        station,
        datatype,
        "2010-05-01T00:15:00",
        1272672900000L,
        3,
        List.of("", "", "HI"),
        ",,HI",
        1L,
        page,
        0);
  }

  private static final PageIdentity PAGE = new PageIdentity("job", "2010-05-01", "2010-05-31", 1);

  @Test
  void aCompleteRecordPasses() {
    PrecipRecord ok = record("COOP:010008", "QPCP", PAGE);
    assertSame(ok, WritableRecords.require(ok));
  }

  @Test
  void hostileButStorableTextPasses() {
    PrecipRecord quotes = record("COOP:01'; DROP TABLE x; --", "QPCP\\\"", PAGE);
    assertSame(quotes, WritableRecords.require(quotes));
  }

  @Test
  void aNulInTheKeyIsRefusedWithItsReason() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> WritableRecords.require(record("COOP:\u0000", "QPCP", PAGE)));
    assertEquals("the record's station holds a NUL character", refused.getMessage());
  }

  @Test
  void aMissingKeyOrPageIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> WritableRecords.require(record(null, "QPCP", PAGE)));
    assertThrows(
        IllegalArgumentException.class,
        () -> WritableRecords.require(record("COOP:010008", "", PAGE)));
    assertThrows(
        IllegalArgumentException.class,
        () -> WritableRecords.require(record("COOP:010008", "QPCP", null)));
  }
}
