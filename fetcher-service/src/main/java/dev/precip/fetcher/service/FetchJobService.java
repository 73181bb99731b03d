package dev.precip.fetcher.service;

import dev.precip.contracts.PageIdentity;
import dev.precip.fetcher.client.NoaaClient;
import dev.precip.fetcher.client.NoaaPage;
import dev.precip.fetcher.client.NoaaRejectedException;
import dev.precip.fetcher.client.PageRequest;
import dev.precip.fetcher.config.FetcherConfig;
import dev.precip.fetcher.messaging.RawPagePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Runs fetch jobs: each window is paged by {@code metadata.resultset.count} (offsets from 1) and
 * every page is published to the raw topic before it counts as done.
 */
@ApplicationScoped
public class FetchJobService {

  private static final Logger LOG = Logger.getLogger(FetchJobService.class);

  private final NoaaClient client;
  private final RawPagePublisher publisher;
  private final FetcherConfig config;
  private final ExecutorService runners;
  private final Map<String, FetchJob> jobs = new ConcurrentHashMap<>();
  private final Counter pages;
  private final Counter records;
  private final Counter failedWindows;

  public FetchJobService(
      NoaaClient client, RawPagePublisher publisher, FetcherConfig config, MeterRegistry registry) {
    this.client = client;
    this.publisher = publisher;
    this.config = config;
    this.runners = Executors.newFixedThreadPool(config.jobs().concurrency());
    this.pages = registry.counter("fetcher.pages.published");
    this.records = registry.counter("fetcher.records.published");
    this.failedWindows = registry.counter("fetcher.windows.failed");
  }

  /** Registers a job and starts it in the background. */
  public FetchJob submit(FetchSpec spec) {
    FetchJob job =
        new FetchJob(
            UUID.randomUUID().toString(),
            spec,
            FetchWindows.split(spec.startDate(), spec.endDate(), config.jobs().maxWindow()));
    jobs.put(job.id(), job);
    runners.submit(() -> run(job));
    LOG.infof(
        "fetch job %s queued: %s %s..%s, %d window(s)",
        job.id(), spec.datasetId(), spec.startDate(), spec.endDate(), job.windows().size());
    return job;
  }

  public Optional<FetchJob> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  public Collection<FetchJob> all() {
    return jobs.values();
  }

  void run(FetchJob job) {
    job.state(JobState.RUNNING);
    boolean failed = false;
    for (FetchWindow window : job.windows()) {
      try {
        fetchWindow(job, window);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        job.error(window.start() + ".." + window.end() + ": interrupted (the fetcher is stopping)");
        job.state(JobState.FAILED);
        return;
      } catch (RuntimeException e) {
        failed = true;
        failedWindows.increment();
        String reason =
            e instanceof NoaaRejectedException
                ? "rejected by NOAA: " + e.getMessage()
                : e.toString();
        job.error(window.start() + ".." + window.end() + ": " + reason);
        LOG.errorf(
            "fetch job %s window %s..%s failed: %s",
            job.id(), window.start(), window.end(), reason);
      }
      job.windowDone();
    }
    job.state(failed ? JobState.FAILED : JobState.SUCCEEDED);
    LOG.infof(
        "fetch job %s %s: %d pages, %d records, %d requests",
        job.id(), job.state(), job.pagesDone(), job.records(), job.requests());
  }

  private void fetchWindow(FetchJob job, FetchWindow window) throws InterruptedException {
    FetchSpec spec = job.spec();
    int limit = config.noaa().pageLimit();
    int offset = 1;
    int count;
    do {
      PageRequest request =
          new PageRequest(
              spec.datasetId(),
              window.startParam(),
              window.endParam(),
              spec.stationIds(),
              spec.locationId(),
              spec.datatypeIds(),
              limit,
              offset);
      NoaaPage page = client.fetch(request);
      job.requestMade();
      if (offset == 1) {
        job.pagesDiscovered((page.count() + limit - 1) / limit);
      }
      count = page.count();
      if (page.isEmpty()) {
        if (offset > 1) {
          throw new IllegalStateException(
              "window shrank: offset " + offset + " answered {} after a count was announced");
        }
        return;
      }
      PageIdentity identity =
          new PageIdentity(job.id(), window.start().toString(), window.end().toString(), offset);
      publisher.publish(identity, spec.datasetId(), page.body(), System.currentTimeMillis());
      job.pageDone(page.results());
      pages.increment();
      records.increment(page.results());
      offset += limit;
    } while (offset <= count);
  }

  @PreDestroy
  void stop() {
    runners.shutdownNow();
  }
}
