package dev.precip.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Small JSON-over-HTTP helpers for talking to the services. */
final class Http {

  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * HTTP/1.1 only: the JDK client's default h2c upgrade keeps an HTTP/2 connection per port, and a
   * request sent on the connection of a process the test has just killed can wait forever.
   */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** No read of a service in a test waits longer than this; a hung service fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private Http() {}

  static JsonNode get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r = get(uri, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + uri + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  static String text(URI uri) throws IOException, InterruptedException {
    return get(uri, HttpResponse.BodyHandlers.ofString()).body();
  }

  /**
   * A metric from a service's Prometheus text ({@code /q/metrics}): one series ({@code
   * fetcher_requests_total{status="429"}}), or a name whose labelled series are summed ({@code
   * kafka_consumer_fetch_manager_records_consumed_total}); 0 when the service has none yet.
   */
  static double metric(URI metrics, String series) throws IOException, InterruptedException {
    return metric(text(metrics), series);
  }

  /** {@link #metric(URI, String)} of Prometheus text already read. */
  static double metric(String prometheusText, String series) {
    double sum = 0;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith(series + " ") || line.startsWith(series + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The HTTP status a GET answers, e.g. of {@code /q/health/ready}. */
  static int status(URI uri) throws IOException, InterruptedException {
    return get(uri, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static <T> HttpResponse<T> get(URI uri, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT).GET().build(), body);
  }

  /** POST without credentials; returns the status. */
  static int postAnonymously(URI uri) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(READ_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** POST as the operator; returns status and body. */
  static HttpResponse<String> postAsOperator(URI uri, String json)
      throws IOException, InterruptedException {
    return postAs("operator", Stack.OPERATOR_PASSWORD, uri, json);
  }

  /** POST as the reader, who may read but not change anything; returns status and body. */
  static HttpResponse<String> postAsReader(URI uri, String json)
      throws IOException, InterruptedException {
    return postAs("reader", Stack.READER_PASSWORD, uri, json);
  }

  private static HttpResponse<String> postAs(String user, String password, URI uri, String json)
      throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("Authorization", "Basic " + basic)
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
