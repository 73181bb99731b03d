package dev.precip.fetcher.service;

import dev.precip.contracts.PageIdentity;
import dev.precip.fetcher.client.NoaaClient;
import dev.precip.fetcher.client.NoaaPage;
import dev.precip.fetcher.client.NoaaRejectedException;
import dev.precip.fetcher.client.PageRefusedException;
import dev.precip.fetcher.client.PageRequest;
import dev.precip.fetcher.client.QuotaExhaustedException;
import dev.precip.fetcher.client.RequestTally;
import dev.precip.fetcher.config.FetcherConfig;
import dev.precip.fetcher.messaging.RawPagePublisher;
import dev.precip.fetcher.repository.ClaimedPage;
import dev.precip.fetcher.repository.FetchJobRepository;
import dev.precip.fetcher.repository.PageClaim;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Fetches one claimed page and publishes it before marking it done, so a page is on the raw topic
 * at least once before it counts; a crash in between fetches it again (same key, same content).
 */
@ApplicationScoped
public class PageFetcher {

  private static final Logger LOG = Logger.getLogger(PageFetcher.class);

  private final FetchJobRepository repository;
  private final NoaaClient client;
  private final RawPagePublisher publisher;
  private final FetcherConfig config;
  private final Counter pages;
  private final Counter records;
  private final Counter retries;
  private final Counter failedRounds;
  private final Counter rejected;

  public PageFetcher(
      FetchJobRepository repository,
      NoaaClient client,
      RawPagePublisher publisher,
      FetcherConfig config,
      MeterRegistry registry) {
    this.repository = repository;
    this.client = client;
    this.publisher = publisher;
    this.config = config;
    this.pages = registry.counter("fetcher.pages.published");
    this.records = registry.counter("fetcher.records.published");
    this.retries = registry.counter("fetcher.retries");
    this.failedRounds = registry.counter("fetcher.pages.failed.rounds");
    this.rejected = registry.counter("fetcher.pages.rejected");
  }

  /**
   * Claims the next due page and fetches it.
   *
   * @return whether there was a page to fetch
   */
  public boolean fetchNext() throws SQLException, InterruptedException {
    Optional<PageClaim> next = repository.claimNext();
    if (next.isEmpty()) {
      return false;
    }
    try (PageClaim claim = next.get()) {
      fetch(claim);
    }
    return true;
  }

  private void fetch(PageClaim claim) throws SQLException, InterruptedException {
    ClaimedPage page = claim.page();
    RequestTally tally = new RequestTally();
    try {
      NoaaPage answer = client.fetch(request(page), tally);
      for (int i = 0; answer.isEmpty() && i < config.noaa().emptyWindowConfirmations(); i++) {
        answer = client.fetch(request(page), tally);
      }
      if (!answer.isEmpty()) {
        publisher.publish(
            identity(page), page.spec().datasetId(), answer.body(), System.currentTimeMillis());
        pages.increment();
        records.increment(answer.results());
      }
      claim.done(answer.results(), answer.count(), config.noaa().pageLimit());
    } catch (QuotaExhaustedException e) {
      claim.deferred(e.resumesAt(), "paused: the daily request quota is spent", false);
    } catch (NoaaRejectedException e) {
      rejected.increment();
      LOG.errorf("%s rejected by NOAA: %s", describe(page), e.getMessage());
      claim.rejected("rejected by NOAA: " + e.getMessage());
    } catch (PageRefusedException e) {
      rejected.increment();
      LOG.errorf("%s refused: %s", describe(page), e.getMessage());
      claim.rejected("refused: " + e.getMessage());
    } catch (RuntimeException e) {
      failedRounds.increment();
      int failures = page.failures() + 1;
      Instant retryAt =
          Instant.now()
              .plus(
                  RetryRounds.waitAfter(
                      failures, config.jobs().retryBackoff(), config.jobs().retryBackoffMax()));
      LOG.warnf(
          "%s failed after its retries (round %d), tried again at %s: %s",
          describe(page), failures, retryAt, e.toString());
      claim.deferred(retryAt, e.toString(), true);
    } finally {
      retries.increment(tally.retries());
      repository.addRequests(page.jobId(), tally.requests(), tally.retries());
    }
  }

  private PageRequest request(ClaimedPage page) {
    FetchSpec spec = page.spec();
    return new PageRequest(
        spec.datasetId(),
        page.window().startParam(),
        page.window().endParam(),
        spec.stationIds(),
        spec.locationId(),
        spec.datatypeIds(),
        config.noaa().pageLimit(),
        page.offset());
  }

  private static PageIdentity identity(ClaimedPage page) {
    return new PageIdentity(
        page.jobId().toString(),
        page.window().start().toString(),
        page.window().end().toString(),
        page.offset());
  }

  private static String describe(ClaimedPage page) {
    return "job "
        + page.jobId()
        + " window "
        + page.window().start()
        + ".."
        + page.window().end()
        + " offset "
        + page.offset();
  }
}
