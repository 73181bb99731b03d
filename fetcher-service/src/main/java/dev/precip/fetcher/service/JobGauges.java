package dev.precip.fetcher.service;

import dev.precip.fetcher.client.NoaaRateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Prometheus gauges of the quota left and of each unfinished job's progress ({@code
 * fetcher.job.pages} by job and kind, {@code fetcher.job.requests.left}). Finished jobs drop out,
 * so the number of series stays bounded by the jobs in flight.
 */
@ApplicationScoped
public class JobGauges {

  private static final Logger LOG = Logger.getLogger(JobGauges.class);

  private final FetchJobService jobs;
  private final MultiGauge pages;
  private final MultiGauge requestsLeft;

  public JobGauges(FetchJobService jobs, NoaaRateLimiter limiter, MeterRegistry registry) {
    this.jobs = jobs;
    this.pages =
        MultiGauge.builder("fetcher.job.pages")
            .description("pages of each unfinished fetch job, by kind (done, pending, total)")
            .register(registry);
    this.requestsLeft =
        MultiGauge.builder("fetcher.job.requests.left")
            .description("requests each unfinished fetch job still needs, at least")
            .register(registry);
    Gauge.builder(
            "fetcher.quota.left",
            limiter,
            l -> l.quotaLeft().isPresent() ? l.quotaLeft().getAsLong() : Double.NaN)
        .description("requests left in the token's current quota period")
        .register(registry);
  }

  @Scheduled(
      every = "{fetcher.jobs.progress-gauges-every}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    try {
      List<MultiGauge.Row<?>> pageRows = new ArrayList<>();
      List<MultiGauge.Row<?>> requestRows = new ArrayList<>();
      for (JobStatus job : jobs.unfinished()) {
        String id = job.progress().id().toString();
        pageRows.add(
            MultiGauge.Row.of(Tags.of("job", id, "kind", "done"), job.progress().pagesDone()));
        pageRows.add(
            MultiGauge.Row.of(
                Tags.of("job", id, "kind", "pending"), job.progress().pagesPending()));
        pageRows.add(MultiGauge.Row.of(Tags.of("job", id, "kind", "total"), job.pagesTotal()));
        requestRows.add(MultiGauge.Row.of(Tags.of("job", id), job.requestsLeft()));
      }
      pages.register(pageRows, true);
      requestsLeft.register(requestRows, true);
    } catch (SQLException e) {
      LOG.warnf("job gauges not refreshed: %s", e.getMessage());
    }
  }
}
