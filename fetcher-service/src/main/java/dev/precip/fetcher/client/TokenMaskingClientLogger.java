package dev.precip.fetcher.client;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientLogger;

/**
 * The REST client's request and response log (on when {@code
 * quarkus.rest-client.noaa-api.logging.scope=request-response}) without anything that could carry
 * the token: masked headers show {@code ****}, and no body is logged, since an answer could echo
 * the token (the pages themselves are on the raw topic).
 */
@ApplicationScoped
public class TokenMaskingClientLogger implements ClientLogger {

  private static final Logger LOG = Logger.getLogger(TokenMaskingClientLogger.class);
  private static final String MASK = "****";

  // filled as clients are built, read by every request's log line
  private final Set<String> masked = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);

  public TokenMaskingClientLogger() {
    masked.add("token");
  }

  @Override
  public void setBodySize(int bodySize) {
    // bodies are never logged
  }

  @Override
  public void setMaskedHeaders(Set<String> headers) {
    masked.addAll(headers);
  }

  @Override
  public void logRequest(HttpClientRequest request, Buffer body, boolean omitBody) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "Request: %s %s Headers[%s]",
          request.getMethod(), request.absoluteURI(), headers(request.headers()));
    }
  }

  @Override
  public void logResponse(HttpClientResponse response, boolean redirect) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "Response: %s %s, Status[%d %s], Headers[%s]",
          response.request().getMethod(),
          response.request().absoluteURI(),
          response.statusCode(),
          response.statusMessage(),
          headers(response.headers()));
    }
  }

  private String headers(MultiMap headers) {
    StringBuilder out = new StringBuilder();
    headers.forEach(
        (name, value) -> {
          if (!out.isEmpty()) {
            out.append(' ');
          }
          out.append(name).append('=').append(masked.contains(name) ? MASK : value);
        });
    return out.toString();
  }
}
