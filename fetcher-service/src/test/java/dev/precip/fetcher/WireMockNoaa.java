package dev.precip.fetcher;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** NOAA's CDO v2 API played by WireMock on a dynamic port. */
public class WireMockNoaa implements QuarkusTestResourceLifecycleManager {

  /** NOAA's 400 for a window of a year or more (real payload). */
  public static final String BAD_DATE_RANGE =
      "{\"statusCode\":\"400\",\"userMessage\":\"There was an error with the request.\","
          + "\"developerMessage\":\"The date range must be less than 1 year.\"}";

  /** NOAA's 500 envelope (real payload). */
  public static final String SERVER_ERROR =
      "{\"statusCode\":\"500\",\"userMessage\":\"An error occured while servicing your"
          + " request.\",\"developerMessage\":\"An error occured while servicing your request.\"}";

  /** The token the fetcher sends in these tests. */
  public static final String TOKEN = "wiremock-token-5c1e";

  private WireMockServer server;

  @Override
  public Map<String, String> start() {
    server =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return Map.of(
        "quarkus.rest-client.noaa-api.url",
        server.baseUrl() + "/cdo-web/api/v2",
        "fetcher.noaa.token",
        TOKEN);
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        server,
        new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop();
    }
  }
}
