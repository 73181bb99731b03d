package dev.precip.normalizer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.contracts.RejectedRecord;
import dev.precip.normalizer.config.NormalizerConfig;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Properties of the normalizer and its validation over generated input (jqwik): whatever the page,
 * nothing throws and every item ends in exactly one list; valid items keep every field; a station
 * is accepted exactly when it is {@code COOP:} and six ASCII digits.
 */
class PageNormalizerFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = new PageIdentity("job", "2010-05-01", "2010-05-31", 1).key();
  private static final Pattern STATION = Pattern.compile("COOP:[0-9]{6}");

  private final PageNormalizer normalizer = new PageNormalizer(validator(), config());

  private static Validator validator() {
    return Validation.byDefaultProvider()
        .configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory()
        .getValidator();
  }

  private static NormalizerConfig config() {
    NormalizerConfig.Dataset dataset =
        new NormalizerConfig.Dataset() {
          @Override
          public LocalDate minDate() {
            return LocalDate.of(1970, 5, 12);
          }

          @Override
          public LocalDate maxDate() {
            return LocalDate.of(2014, 1, 1);
          }

          @Override
          public int attributeSlots() {
            return 3;
          }
        };
    return () -> dataset;
  }

  @Property(tries = 500)
  void anyBodyGivesRecordsOrRejectionsAndNeverThrows(@ForAll @Size(max = 400) String body) {
    NormalizedPage result = normalizer.normalize(KEY, body, 1L);
    assertEveryItemOnce(result);
  }

  @Property(tries = 500)
  void everyItemOfAPageEndsInExactlyOneList(@ForAll("items") List<Object> items) {
    ArrayNode results = JSON.createArrayNode();
    items.forEach(i -> results.add(JSON.valueToTree(i)));
    ObjectNode page = JSON.createObjectNode();
    page.putObject("metadata").putObject("resultset").put("count", items.size());
    page.set("results", results);
    NormalizedPage result = normalizer.normalize(KEY, page.toString(), 1L);
    assertEquals(items.size(), result.items());
    assertEveryItemOnce(result);
    for (RejectedRecord r : result.rejects()) {
      assertFalse(r.detail().isBlank(), r.toString());
    }
  }

  @Property(tries = 500)
  void aValidItemKeepsEveryField(@ForAll("validItems") Map<String, Object> item) {
    String page = "{\"metadata\":{},\"results\":[" + JSON.valueToTree(item) + "]}";
    NormalizedPage result = normalizer.normalize(KEY, page, 1L);
    assertEquals(List.of(), result.rejects());
    PrecipRecord r = result.records().get(0);
    assertEquals(item.get("station"), r.station());
    assertEquals(item.get("datatype"), r.datatype());
    assertEquals(item.get("date"), r.date());
    assertEquals(item.get("attributes"), r.attributesRaw());
    assertEquals(((Number) item.get("value")).doubleValue(), r.value());
  }

  @Property(tries = 1000)
  void aStationIsAcceptedExactlyWhenItIsCoopAndSixAsciiDigits(@ForAll("stations") String station) {
    String item =
        "{\"date\":\"2010-05-01T00:15:00\",\"datatype\":\"QPCP\",\"station\":"
            + JSON.valueToTree(station)
            + ",\"attributes\":\",,C\",\"value\":0.1}";
    NormalizedPage result = normalizer.normalize(KEY, "{\"results\":[" + item + "]}", 1L);
    assertEquals(STATION.matcher(station).matches(), result.records().size() == 1, station);
  }

  private static void assertEveryItemOnce(NormalizedPage result) {
    boolean wholePage =
        result.rejects().size() == 1
            && result.rejects().get(0).pageIndex() == RejectedRecord.WHOLE_PAGE;
    if (wholePage) {
      assertEquals(List.of(), result.records());
      return;
    }
    BitSet seen = new BitSet();
    for (PrecipRecord r : result.records()) {
      assertFalse(seen.get(r.pageIndex()), "index " + r.pageIndex() + " twice");
      seen.set(r.pageIndex());
    }
    for (RejectedRecord r : result.rejects()) {
      assertFalse(seen.get(r.pageIndex()), "index " + r.pageIndex() + " twice");
      seen.set(r.pageIndex());
    }
    assertEquals(result.items(), seen.cardinality());
    assertTrue(result.items() == 0 || seen.nextClearBit(0) == result.items());
  }

  @Provide
  Arbitrary<List<Object>> items() {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s),
            Arbitraries.doubles().map(d -> (Object) d),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.just((Object) null));
    Arbitrary<Object> field =
        Arbitraries.oneOf(
            scalar,
            Arbitraries.of("2010-05-01T00:15:00", "QPCP", "QGAG", "COOP:010008", ",,C", "")
                .map(s -> (Object) s));
    Arbitrary<Object> object =
        Arbitraries.maps(
                Arbitraries.of("date", "datatype", "station", "attributes", "value", "x"), field)
            .ofMaxSize(6)
            .map(m -> (Object) m);
    Arbitrary<Object> valid = validItems().map(m -> (Object) m);
    return Arbitraries.frequencyOf(Tuple.of(3, valid), Tuple.of(3, object), Tuple.of(1, scalar))
        .list()
        .ofMaxSize(20);
  }

  @Provide
  Arbitrary<Map<String, Object>> validItems() {
    Arbitrary<String> station = Arbitraries.strings().numeric().ofLength(6).map(d -> "COOP:" + d);
    Arbitrary<String> datatype = Arbitraries.of("QPCP", "QGAG");
    Arbitrary<String> date =
        Arbitraries.longs()
            .between(0, 43L * 365 * 24 * 4)
            .map(q -> LocalDateTime.of(1970, 5, 12, 0, 0).plusMinutes(15 * q).toString() + ":00")
            .filter(d -> d.length() == 19 && d.compareTo("2014-01-02") < 0);
    Arbitrary<String> flag =
        Arbitraries.strings().withCharRange(' ', '~').excludeChars(',').ofMaxLength(9);
    Arbitrary<String> attributes =
        Combinators.combine(flag, flag, flag).as((a, b, c) -> a + "," + b + "," + c);
    Arbitrary<Double> value = Arbitraries.doubles().filter(Double::isFinite);
    return Combinators.combine(station, datatype, date, attributes, value)
        .as(
            (s, t, d, a, v) ->
                Map.of("station", s, "datatype", t, "date", d, "attributes", a, "value", v));
  }

  @Provide
  Arbitrary<String> stations() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(14),
        Arbitraries.strings().numeric().ofMinLength(5).ofMaxLength(7).map(d -> "COOP:" + d),
        Arbitraries.strings()
            .withCharRange('0', '9')
            .withChars('\uff10', '\u0660', '\u0966')
            .ofLength(6)
            .map(d -> "COOP:" + d),
        Arbitraries.strings()
            .withChars('C', 'O', 'P', ':', '\u0421', '\u041e', '0', '1')
            .ofLength(11));
  }
}
