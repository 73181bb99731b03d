package dev.precip.noaa.offline.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The two error envelopes NOAA really sends, as responses. */
final class CdoError {

  private CdoError() {}

  /** {@code {"statusCode":"400","userMessage":...,"developerMessage":...}}. */
  static Response badRequest(String developerMessage) {
    String body =
        "{\"statusCode\":\"400\",\"userMessage\":\"There was an error with the request.\","
            + "\"developerMessage\":\""
            + developerMessage.replace("\"", "'")
            + "\"}";
    return Response.status(400).type(MediaType.APPLICATION_JSON).entity(body).build();
  }

  /** {@code {"status" : "400", "message" : ...}}: the envelope of token problems and 429s. */
  static Response status(int status, String message) {
    String body =
        "{\"status\" : \"" + status + "\", \"message\" : \"" + message.replace("\"", "'") + "\"}";
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}
