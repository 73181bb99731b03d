package dev.precip.fetcher.service;

import dev.precip.fetcher.client.NoaaRateLimiter;
import dev.precip.fetcher.config.FetcherConfig;
import dev.precip.fetcher.repository.FetchJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fetch jobs: a job is stored with its windows (each under one year) and the first page of each;
 * the workers of every instance page them by {@code metadata.resultset.count}.
 */
@ApplicationScoped
public class FetchJobService {

  private static final Logger LOG = Logger.getLogger(FetchJobService.class);

  private final FetchJobRepository repository;
  private final NoaaRateLimiter limiter;
  private final FetcherConfig config;

  public FetchJobService(
      FetchJobRepository repository, NoaaRateLimiter limiter, FetcherConfig config) {
    this.repository = repository;
    this.limiter = limiter;
    this.config = config;
  }

  /** Stores a job; the workers start on it as soon as earlier jobs leave them a free moment. */
  public JobStatus submit(FetchSpec spec) throws SQLException {
    UUID id = UUID.randomUUID();
    List<FetchWindow> windows =
        FetchWindows.split(spec.startDate(), spec.endDate(), config.jobs().maxWindow());
    repository.create(id, spec, windows);
    LOG.infof(
        "fetch job %s queued: %s %s..%s, %d window(s)",
        id, spec.datasetId(), spec.startDate(), spec.endDate(), windows.size());
    return find(id).orElseThrow();
  }

  public Optional<JobStatus> find(UUID id) throws SQLException {
    JobStatus.Limits limits = limits();
    Instant now = Instant.now();
    return repository.find(id).map(p -> JobStatus.of(p, limits, now));
  }

  /** Every job, oldest first. */
  public List<JobStatus> all() throws SQLException {
    JobStatus.Limits limits = limits();
    Instant now = Instant.now();
    return repository.all().stream().map(p -> JobStatus.of(p, limits, now)).toList();
  }

  /** Jobs with pages left, oldest first. */
  public List<JobStatus> unfinished() throws SQLException {
    JobStatus.Limits limits = limits();
    Instant now = Instant.now();
    return repository.unfinished().stream().map(p -> JobStatus.of(p, limits, now)).toList();
  }

  /** One read of the shared quota per request of the API. */
  private JobStatus.Limits limits() {
    FetcherConfig.Noaa noaa = config.noaa();
    OptionalLong quotaLeft = limiter.quotaLeft();
    Optional<Instant> pausedUntil =
        quotaLeft.isPresent() && quotaLeft.getAsLong() == 0
            ? Optional.of(limiter.quotaRestart())
            : Optional.empty();
    return new JobStatus.Limits(
        noaa.requestsPerSecond(),
        noaa.requestsPerDay(),
        noaa.quotaPeriod(),
        quotaLeft,
        pausedUntil);
  }
}
