package dev.precip.fetcher.service;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Progress of one fetch job, updated by the job's runner and read by the REST resource. */
public final class FetchJob {

  private final String id;
  private final FetchSpec spec;
  private final List<FetchWindow> windows;
  private final Instant createdAt = Instant.now();
  private final AtomicReference<JobState> state = new AtomicReference<>(JobState.QUEUED);
  private final AtomicInteger windowsDone = new AtomicInteger();
  private final AtomicInteger pagesDone = new AtomicInteger();
  private final AtomicInteger pagesTotal = new AtomicInteger();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  public FetchJob(String id, FetchSpec spec, List<FetchWindow> windows) {
    this.id = id;
    this.spec = spec;
    this.windows = List.copyOf(windows);
  }

  public String id() {
    return id;
  }

  public FetchSpec spec() {
    return spec;
  }

  public List<FetchWindow> windows() {
    return windows;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public JobState state() {
    return state.get();
  }

  void state(JobState next) {
    state.set(next);
  }

  void windowDone() {
    windowsDone.incrementAndGet();
  }

  void pagesDiscovered(int pages) {
    pagesTotal.addAndGet(pages);
  }

  void pageDone(int recordsInPage) {
    pagesDone.incrementAndGet();
    records.addAndGet(recordsInPage);
  }

  void requestMade() {
    requests.incrementAndGet();
  }

  void error(String message) {
    errors.add(message);
  }

  public int windowsDone() {
    return windowsDone.get();
  }

  public int pagesDone() {
    return pagesDone.get();
  }

  public int pagesTotal() {
    return pagesTotal.get();
  }

  public long records() {
    return records.get();
  }

  public long requests() {
    return requests.get();
  }

  public List<String> errors() {
    return List.copyOf(errors);
  }
}
