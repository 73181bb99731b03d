package dev.precip.fetcher.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Interprets a CDO v2 response: a page, the empty {@code {}}, or one of the error envelopes. Text
 * taken from a body into an exception message has the token masked, in case an answer echoes it.
 */
final class NoaaResponses {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIPPET = 200;
  private static final String MASK = "****";

  private NoaaResponses() {}

  static NoaaPage interpret(int status, String body, String token) {
    if (status == 429 || status >= 500) {
      throw new NoaaTransientException(
          status, "NOAA answered " + status + ": " + masked(message(body), token));
    }
    if (status >= 400) {
      throw new NoaaRejectedException(status, masked(message(body), token));
    }
    if (status != 200) {
      throw new NoaaTransientException(status, "unexpected status " + status);
    }
    JsonNode root = parse(body);
    if (root == null || !root.isObject()) {
      throw new NoaaTransientException(
          status, "200 with a body that is not JSON: " + masked(snippet(body), token));
    }
    if (root.isEmpty()) {
      return new NoaaPage(body, 0, 0);
    }
    JsonNode count = root.path("metadata").path("resultset").path("count");
    JsonNode results = root.path("results");
    if (!count.canConvertToInt() || !results.isArray()) {
      throw new NoaaTransientException(
          status, "200 with JSON that is not a CDO page: " + masked(snippet(body), token));
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

  /**
   * The text with the token masked and control characters escaped ({@code \\u0000}): a message goes
   * into logs (a line break would forge a log line) and into PostgreSQL (which refuses NUL).
   */
  static String masked(String text, String token) {
    String masked = token == null || token.isEmpty() ? text : text.replace(token, MASK);
    StringBuilder out = new StringBuilder(masked.length());
    for (int i = 0; i < masked.length(); i++) {
      char c = masked.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
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
