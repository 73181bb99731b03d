package dev.precip.fetcher.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precip.fetcher.InjectWireMock;
import dev.precip.fetcher.WireMockNoaa;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * With the REST client's request logging switched on, neither the log nor an error's message holds
 * the token, even when NOAA's answer echoes it.
 */
@QuarkusTest
@TestProfile(ClientLoggingProfile.class)
@QuarkusTestResource(value = WireMockNoaa.class, restrictToAnnotatedClass = true)
class TokenNeverLoggedTest {

  @InjectWireMock WireMockServer wireMock;
  @Inject NoaaClient client;

  @Test
  void aRejectionEchoingTheTokenLeavesItInNoLogAndNoMessage() throws Exception {
    wireMock.stubFor(
        get(urlPathEqualTo("/cdo-web/api/v2/data"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"statusCode\":\"400\",\"developerMessage\":\"Invalid token "
                            + WireMockNoaa.TOKEN
                            + "\"}")));
    PageRequest request = Requests.may2010(1000, 1);
    NoaaRejectedException e =
        assertThrows(NoaaRejectedException.class, () -> client.fetch(request, new RequestTally()));
    assertFalse(e.getMessage().contains(WireMockNoaa.TOKEN), e.getMessage());

    String log = Files.readString(Path.of(ClientLoggingProfile.LOG_FILE));
    // the request was logged (the logging is really on), with its token header masked
    assertTrue(log.contains("token=****") || log.contains("token: ****"), log);
    assertFalse(log.contains(WireMockNoaa.TOKEN), log);
  }
}
