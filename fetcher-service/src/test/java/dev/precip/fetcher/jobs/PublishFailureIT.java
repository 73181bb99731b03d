package dev.precip.fetcher.jobs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.precip.fetcher.jobs.Pages.DATA;
import static dev.precip.fetcher.jobs.Pages.awaitState;
import static dev.precip.fetcher.jobs.Pages.field;
import static dev.precip.fetcher.jobs.Pages.page;
import static dev.precip.fetcher.jobs.Pages.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.precip.fetcher.InjectWireMock;
import dev.precip.fetcher.JobStoreProfile;
import dev.precip.fetcher.WireMockNoaa;
import dev.precip.fetcher.messaging.RawPagePublisher;
import io.quarkus.test.InjectMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A page the broker did not take is not done: it waits and is fetched and published again. */
@QuarkusTest
@TestProfile(JobStoreProfile.class)
@QuarkusTestResource(value = WireMockNoaa.class, restrictToAnnotatedClass = true)
class PublishFailureIT {

  @InjectWireMock WireMockServer wireMock;
  @InjectMock RawPagePublisher publisher;

  @Test
  void aPageTheBrokerRefusedIsNotCountedAndIsPublishedLater() {
    wireMock.stubFor(
        get(urlPathEqualTo(DATA)).willReturn(aResponse().withStatus(200).withBody(page(1, 3, 3))));
    doThrow(new IllegalStateException("broker unavailable"))
        .doNothing()
        .when(publisher)
        .publish(any(), any(), any(), anyLong());

    String id = start("2010-05-01", "2010-05-31");

    awaitState(id, "WAITING_TO_RETRY", Duration.ofSeconds(30));
    assertEquals(0, (Integer) field(id, "pagesDone"));
    assertEquals(0, (Integer) field(id, "records"));
    String error = field(id, "errors[0]");
    assertTrue(error.contains("broker unavailable"), error);

    awaitState(id, "SUCCEEDED", Duration.ofSeconds(30));
    verify(publisher, times(2)).publish(any(), any(), any(), anyLong());
    assertEquals(3, (Integer) field(id, "records"));
  }
}
