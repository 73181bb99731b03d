package dev.precip.fetcher.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Interprets a CDO v2 response: a page, the empty {@code {}}, or one of the error envelopes. */
final class NoaaResponses {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIPPET = 200;

  private NoaaResponses() {}

  static NoaaPage interpret(int status, String body) {
    if (status == 429 || status >= 500) {
      throw new NoaaTransientException(status, "NOAA answered " + status + ": " + message(body));
    }
    if (status >= 400) {
      throw new NoaaRejectedException(status, message(body));
    }
    if (status != 200) {
      throw new NoaaTransientException(status, "unexpected status " + status);
    }
    JsonNode root = parse(body);
    if (root == null || !root.isObject()) {
      throw new NoaaTransientException(
          status, "200 with a body that is not JSON: " + snippet(body));
    }
    if (root.isEmpty()) {
      return new NoaaPage(body, 0, 0);
    }
    JsonNode count = root.path("metadata").path("resultset").path("count");
    JsonNode results = root.path("results");
    if (!count.canConvertToInt() || !results.isArray()) {
      throw new NoaaTransientException(
          status, "200 with JSON that is not a CDO page: " + snippet(body));
    }
    return new NoaaPage(body, count.asInt(), results.size());
  }

  /** The human message of either error envelope, or a snippet of whatever came. */
  static String message(String body) {
    JsonNode root = parse(body);
    if (root != null && root.isObject()) {
      for (String field : new String[] {"developerMessage", "message", "userMessage"}) {
        if (root.hasNonNull(field)) {
          return root.get(field).asText();
        }
      }
    }
    return snippet(body);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String snippet(String body) {
    if (body == null) {
      return "<no body>";
    }
    String flat = body.replaceAll("\\s+", " ").strip();
    return flat.length() <= SNIPPET ? flat : flat.substring(0, SNIPPET) + "...";
  }
}
