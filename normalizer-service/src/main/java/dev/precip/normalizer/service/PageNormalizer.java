package dev.precip.normalizer.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.contracts.RejectReason;
import dev.precip.contracts.RejectedRecord;
import dev.precip.normalizer.config.NormalizerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns one raw CDO page into normalized records and rejections; every item of the page ends in
 * exactly one of the two lists.
 */
@ApplicationScoped
public class PageNormalizer {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Validator validator;
  private final LocalDate minDate;
  private final LocalDate maxDate;
  private final int attributeSlots;

  public PageNormalizer(Validator validator, NormalizerConfig config) {
    this.validator = validator;
    this.minDate = config.dataset().minDate();
    this.maxDate = config.dataset().maxDate();
    this.attributeSlots = config.dataset().attributeSlots();
  }

  public NormalizedPage normalize(String pageKey, String body, long ingestionTs) {
    PageIdentity page;
    try {
      page = PageIdentity.parse(pageKey);
    } catch (IllegalArgumentException e) {
      return wholePage(RejectReason.MISSING_PAGE_IDENTITY, e.getMessage(), pageKey, body);
    }
    JsonNode root;
    try {
      root = body == null ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return wholePage(
          RejectReason.MALFORMED_PAGE, "not JSON: " + e.getOriginalMessage(), pageKey, body);
    }
    if (root == null || !root.isObject()) {
      return wholePage(RejectReason.MALFORMED_PAGE, "not a JSON object", pageKey, body);
    }
    if (root.has("status") || root.has("statusCode")) {
      return wholePage(RejectReason.ERROR_PAGE, "an API error envelope", pageKey, body);
    }
    if (root.isEmpty()) {
      return new NormalizedPage(0, List.of(), List.of());
    }
    JsonNode results = root.get("results");
    if (results == null || !results.isArray()) {
      return wholePage(RejectReason.MALFORMED_PAGE, "no results array", pageKey, body);
    }
    List<PrecipRecord> records = new ArrayList<>(results.size());
    List<RejectedRecord> rejects = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      JsonNode item = results.get(i);
      if (!item.isObject()) {
        rejects.add(
            new RejectedRecord(
                RejectReason.MALFORMED_RECORD, "not a JSON object", pageKey, i, item.toString()));
        continue;
      }
      String problem = problemOf(item);
      if (problem != null) {
        rejects.add(
            new RejectedRecord(RejectReason.INVALID_RECORD, problem, pageKey, i, item.toString()));
        continue;
      }
      records.add(toRecord(item, page, i, ingestionTs, attributeSlots));
    }
    return new NormalizedPage(results.size(), records, rejects);
  }

  /** Every rule the item breaks, sorted and joined, or null when it is valid. */
  private String problemOf(JsonNode item) {
    Map<String, String> mistyped = new TreeMap<>();
    RawObservation raw =
        new RawObservation(
            text(item, "date", mistyped),
            text(item, "datatype", mistyped),
            text(item, "station", mistyped),
            text(item, "attributes", mistyped),
            number(item, "value", mistyped));
    TreeSet<String> problems = new TreeSet<>();
    mistyped.forEach((field, type) -> problems.add(field + " must be " + type));
    for (ConstraintViolation<RawObservation> v : validator.validate(raw)) {
      // a mistyped field was read as null: it is not also "required"
      if (!mistyped.containsKey(v.getPropertyPath().toString())) {
        problems.add(v.getMessage());
      }
    }
    if (problems.isEmpty()) {
      try {
        LocalDate day = NoaaTimestamps.parse(raw.date()).toLocalDate();
        if (day.isBefore(minDate) || day.isAfter(maxDate)) {
          problems.add("date is outside the dataset's range " + minDate + ".." + maxDate);
        }
      } catch (DateTimeParseException e) {
        problems.add("date is not a real calendar time");
      }
      if (!Double.isFinite(raw.value())) {
        problems.add("value must be a finite number");
      }
      if (AttributeFlags.positional(raw.attributes(), attributeSlots).isEmpty()) {
        problems.add("attributes must have " + attributeSlots + " comma-separated flags");
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static PrecipRecord toRecord(
      JsonNode item, PageIdentity page, int index, long now, int attributeSlots) {
    String date = item.get("date").textValue();
    String attributes = item.get("attributes").textValue();
    return new PrecipRecord(
        item.get("station").textValue(),
        item.get("datatype").textValue(),
        date,
        NoaaTimestamps.toEpochMillis(date),
        item.get("value").doubleValue(),
        AttributeFlags.positional(attributes, attributeSlots).orElseThrow(),
        attributes,
        now,
        page,
        index);
  }

  /** The field's text, or null when absent or not a string (then it is noted as mistyped). */
  private static String text(JsonNode item, String field, Map<String, String> mistyped) {
    JsonNode node = item.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      mistyped.put(field, "a string");
      return null;
    }
    return node.textValue();
  }

  /** The field's number, or null when absent or not a number (then it is noted as mistyped). */
  private static Double number(JsonNode item, String field, Map<String, String> mistyped) {
    JsonNode node = item.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      mistyped.put(field, "a number");
      return null;
    }
    return node.doubleValue();
  }

  private static NormalizedPage wholePage(
      RejectReason reason, String detail, String pageKey, String body) {
    return new NormalizedPage(
        0,
        List.of(),
        List.of(new RejectedRecord(reason, detail, pageKey, RejectedRecord.WHOLE_PAGE, body)));
  }
}
