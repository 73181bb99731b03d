package dev.precip.fetcher.service;

import dev.precip.fetcher.client.NoaaRateLimiter;
import dev.precip.fetcher.config.FetcherConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The instance's workers ({@code fetcher.jobs.workers}): each claims due pages one at a time from
 * the shared queue until none is due, then waits a poll interval. While the quota is spent they
 * sleep until it restarts instead of claiming pages only to put them back.
 */
@ApplicationScoped
public class FetchWorkers {

  private static final Logger LOG = Logger.getLogger(FetchWorkers.class);

  private final PageFetcher fetcher;
  private final NoaaRateLimiter limiter;
  private final FetcherConfig config;
  private ExecutorService threads;

  public FetchWorkers(PageFetcher fetcher, NoaaRateLimiter limiter, FetcherConfig config) {
    this.fetcher = fetcher;
    this.limiter = limiter;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    int workers = config.jobs().workers();
    if (workers == 0) {
      LOG.info("no fetch workers in this instance (fetcher.jobs.workers=0)");
      return;
    }
    AtomicInteger numbers = new AtomicInteger();
    threads =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "fetch-worker-" + numbers.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < workers; i++) {
      threads.submit(this::work);
    }
    LOG.infof("%d fetch worker(s) started", workers);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (threads != null) {
      threads.shutdownNow();
      threads.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private void work() {
    Duration poll = config.jobs().pollInterval();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Instant pausedUntil = limiter.spentUntil().orElse(null);
        if (pausedUntil != null) {
          sleep(Duration.between(Instant.now(), pausedUntil), poll);
        } else if (!fetcher.fetchNext()) {
          sleep(poll, poll);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // the database or the broker is away: nothing was lost, the page stays in the queue
        LOG.errorf("fetch worker: %s; trying again in %s", e.toString(), poll);
        try {
          sleep(poll, poll);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Sleeps {@code wanted}, but at most ten poll intervals, so a quota change is seen soon. */
  private static void sleep(Duration wanted, Duration poll) throws InterruptedException {
    long ms = Math.min(Math.max(wanted.toMillis(), 1), poll.toMillis() * 10);
    Thread.sleep(ms);
  }
}
