package dev.precip.normalizer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.contracts.RejectReason;
import dev.precip.contracts.RejectedRecord;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PageNormalizerTest {

  private static final String KEY = new PageIdentity("job", "2010-05-01", "2010-05-31", 1).key();

  @Inject PageNormalizer normalizer;

  private static String page(String... items) {
    return "{\"metadata\":{\"resultset\":{\"offset\":1,\"count\":"
        + items.length
        + ",\"limit\":1000}},\"results\":["
        + String.join(",", items)
        + "]}";
  }

  private static String item(
      String date, String datatype, String station, String attributes, String value) {
    return "{\"date\":"
        + date
        + ",\"datatype\":"
        + datatype
        + ",\"station\":"
        + station
        + ",\"attributes\":"
        + attributes
        + ",\"value\":"
        + value
        + "}";
  }

  private static final String GOOD =
      item("\"2010-05-01T00:15:00\"", "\"QPCP\"", "\"COOP:010008\"", "\",,HI\"", "99999");

  @Test
  void aValidItemBecomesANormalizedRecord() {
    NormalizedPage result = normalizer.normalize(KEY, page(GOOD), 42L);
    assertEquals(1, result.items());
    assertEquals(List.of(), result.rejects());
    PrecipRecord r = result.records().get(0);
    assertEquals("COOP:010008", r.station());
    assertEquals("QPCP", r.datatype());
    assertEquals("2010-05-01T00:15:00", r.date());
    assertEquals(1272672900000L, r.eventTimeMs());
    assertEquals(List.of("", "", "HI"), r.attributes());
    assertEquals(",,HI", r.attributesRaw());
    assertTrue(r.isMissing());
    assertEquals(42L, r.ingestionTs());
    assertEquals(PageIdentity.parse(KEY), r.page());
    assertEquals(0, r.pageIndex());
  }

  @Test
  void anInvalidItemIsRejectedWithItsReasonAndTheOthersPass() {
    String bad = item("\"2010-05-01T00:30:00\"", "\"TMAX\"", "\"COOP:010008\"", "\",,HI\"", "3");
    NormalizedPage result = normalizer.normalize(KEY, page(GOOD, bad), 1L);
    assertEquals(2, result.items());
    assertEquals(1, result.records().size());
    RejectedRecord reject = result.rejects().get(0);
    assertEquals(RejectReason.INVALID_RECORD, reject.reason());
    assertEquals("datatype must be QPCP or QGAG", reject.detail());
    assertEquals(1, reject.pageIndex());
    assertEquals(KEY, reject.pageKey());
  }

  @Test
  void wrongTypesAreNamed() {
    String bad = item("\"2010-05-01T00:30:00\"", "\"QPCP\"", "10008", "\",,HI\"", "\"3\"");
    RejectedRecord reject = normalizer.normalize(KEY, page(bad), 1L).rejects().get(0);
    assertEquals("station must be a string; value must be a number", reject.detail());
  }

  @Test
  void missingFieldsAreNamed() {
    RejectedRecord reject =
        normalizer.normalize(KEY, page("{\"date\":\"2010-05-01T00:30:00\"}"), 1L).rejects().get(0);
    assertEquals(
        "attributes is required; datatype is required; station is required; value is required",
        reject.detail());
  }

  @Test
  void aDateOutsideTheDatasetIsRejected() {
    String late = item("\"2020-05-01T00:15:00\"", "\"QPCP\"", "\"COOP:010008\"", "\",,HI\"", "1");
    RejectedRecord reject = normalizer.normalize(KEY, page(late), 1L).rejects().get(0);
    assertTrue(reject.detail().startsWith("date is outside the dataset's range"), reject.detail());
  }

  @Test
  void aCommaMeasurementFlagIsKeptInTheFirstSlot() {
    String accumulation =
        item("\"1975-03-01T00:15:00\"", "\"QPCP\"", "\"COOP:010008\"", "\",,,HI\"", "99999");
    PrecipRecord r = normalizer.normalize(KEY, page(accumulation), 1L).records().get(0);
    assertEquals(List.of(",", "", "HI"), r.attributes());
    assertEquals(",,,HI", r.attributesRaw());
  }

  @Test
  void attributesThatCannotBeReadPositionallyAreRejected() {
    String bad = item("\"2010-05-01T00:15:00\"", "\"QPCP\"", "\"COOP:010008\"", "\"HI\"", "1");
    RejectedRecord reject = normalizer.normalize(KEY, page(bad), 1L).rejects().get(0);
    assertEquals("attributes must have 3 comma-separated flags", reject.detail());
  }

  @Test
  void anInjectionStringInAStationIdIsRejected() {
    String hostile =
        item(
            "\"2010-05-01T00:15:00\"",
            "\"QPCP\"",
            "\"COOP:01'; DROP TABLE t;--\"",
            "\",,HI\"",
            "1");
    RejectedRecord reject = normalizer.normalize(KEY, page(hostile), 1L).rejects().get(0);
    assertEquals("station must be COOP: and 6 digits", reject.detail());
  }

  @Test
  void anHtmlPageIsRejectedWhole() {
    String html = "<html><body>502 Proxy Error</body></html>";
    NormalizedPage result = normalizer.normalize(KEY, html, 1L);
    assertEquals(0, result.items());
    RejectedRecord reject = result.rejects().get(0);
    assertEquals(RejectReason.MALFORMED_PAGE, reject.reason());
    assertEquals(RejectedRecord.WHOLE_PAGE, reject.pageIndex());
    assertEquals(html, reject.original());
  }

  @Test
  void truncatedJsonIsRejectedWhole() {
    String truncated = page(GOOD).substring(0, 60);
    assertEquals(
        RejectReason.MALFORMED_PAGE,
        normalizer.normalize(KEY, truncated, 1L).rejects().get(0).reason());
  }

  @Test
  void anErrorEnvelopeIsRejectedWhole() {
    String envelope =
        "{\"status\" : \"429\", \"message\" : \"This token has reached its temporary request limit of 5 per second.\"}";
    assertEquals(
        RejectReason.ERROR_PAGE, normalizer.normalize(KEY, envelope, 1L).rejects().get(0).reason());
  }

  @Test
  void aPageWithoutIdentityIsRejectedWhole() {
    assertEquals(
        RejectReason.MISSING_PAGE_IDENTITY,
        normalizer.normalize(null, page(GOOD), 1L).rejects().get(0).reason());
  }

  @Test
  void theEmptyResultHasNoRecordsAndNoRejects() {
    NormalizedPage result = normalizer.normalize(KEY, "{}", 1L);
    assertEquals(0, result.items());
    assertEquals(List.of(), result.records());
    assertEquals(List.of(), result.rejects());
  }

  @Test
  void aNonObjectItemIsRejectedAlone() {
    NormalizedPage result = normalizer.normalize(KEY, page(GOOD, "42"), 1L);
    assertEquals(1, result.records().size());
    assertEquals(RejectReason.MALFORMED_RECORD, result.rejects().get(0).reason());
  }
}
