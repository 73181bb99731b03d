package dev.precip.noaa.offline.rest;

import dev.precip.noaa.offline.service.Fault;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** The answers of a bad day at NOAA, as they were seen in the wild. */
final class FaultyAnswers {

  private static final String PROXY_ERROR =
      "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n"
          + "<title>502 Proxy Error</title>\n</head><body>\n<h1>Proxy Error</h1>\n"
          + "<p>The proxy server received an invalid response from an upstream server.</p>\n"
          + "</body></html>\n";

  private static final String MAINTENANCE =
      "<html><head><title>Climate Data Online</title></head><body>"
          + "<h1>Scheduled maintenance</h1><p>CDO Web Services will return shortly.</p>"
          + "</body></html>";

  private FaultyAnswers() {}

  static Response answer(Fault fault, String body, Duration slowDelay) {
    switch (fault) {
      case SERVER_ERROR:
        return Response.status(500)
            .type(MediaType.APPLICATION_JSON)
            .entity(
                "{\"statusCode\":\"500\",\"userMessage\":\"An error occured while servicing"
                    + " your request.\",\"developerMessage\":\"An error occured while servicing"
                    + " your request.\"}")
            .build();
      case BAD_GATEWAY:
        return Response.status(502).type(MediaType.TEXT_HTML).entity(PROXY_ERROR).build();
      case HTML:
        return Response.ok(MAINTENANCE, MediaType.TEXT_HTML).build();
      case TRUNCATED:
        return Response.ok(body.substring(0, body.length() / 2), MediaType.APPLICATION_JSON)
            .build();
      case EMPTY:
        return Response.ok("{}", MediaType.APPLICATION_JSON).build();
      case SLOW:
        try {
          Thread.sleep(slowDelay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
      default:
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }
  }
}
