package dev.precip.fetcher.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.fetcher.NoWorkersProfile;
import dev.precip.fetcher.service.FetchSpec;
import dev.precip.fetcher.service.FetchWindow;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page queue on the real PostgreSQL: what two workers (of any instances) can claim. */
@QuarkusTest
@TestProfile(NoWorkersProfile.class)
class PageClaimsIT {

  @Inject FetchJobRepository repository;

  private final List<PageClaim> open = new ArrayList<>();
  private UUID job;

  @BeforeEach
  void createJob() throws Exception {
    drainOthers();
    job = UUID.randomUUID();
    FetchSpec spec =
        new FetchSpec(
            "PRECIP_15",
            LocalDate.parse("2010-05-01"),
            LocalDate.parse("2010-05-03"),
            List.of(),
            Optional.empty(),
            List.of());
    repository.create(
        job, spec, List.of(window("2010-05-01"), window("2010-05-02"), window("2010-05-03")));
  }

  @AfterEach
  void closeClaims() throws Exception {
    for (PageClaim c : open) {
      c.close();
    }
    open.clear();
    drainOthers();
  }

  /** Ends every due page so that each test sees only its own job. */
  private void drainOthers() throws Exception {
    Optional<PageClaim> c;
    while ((c = repository.claimNext()).isPresent()) {
      try (PageClaim claim = c.get()) {
        claim.deferred(Instant.now().plusSeconds(3600), "set aside by a test", false);
      }
    }
  }

  private static FetchWindow window(String day) {
    return new FetchWindow(LocalDate.parse(day), LocalDate.parse(day));
  }

  private PageClaim claim() throws Exception {
    PageClaim c = repository.claimNext().orElseThrow(() -> new AssertionError("nothing to claim"));
    open.add(c);
    return c;
  }

  @Test
  void twoWorkersNeverHoldTheSamePage() throws Exception {
    PageClaim first = claim();
    PageClaim second = claim();
    PageClaim third = claim();
    assertEquals(job, first.page().jobId());
    assertEquals(
        3,
        List.of(first, second, third).stream()
            .map(c -> c.page().window().start())
            .distinct()
            .count());
    assertTrue(repository.claimNext().isEmpty(), "every page is held");
  }

  @Test
  void aClaimThatEndsWithoutAnOutcomeFreesItsPageAtOnce() throws Exception {
    PageClaim first = claim();
    LocalDate held = first.page().window().start();
    // what PostgreSQL does when the holding process dies: the transaction ends, the lock goes
    first.close();
    open.remove(first);
    assertEquals(held, claim().page().window().start());
  }

  @Test
  void theFirstPageOfAWindowAddsTheOthersUpToItsCount() throws Exception {
    PageClaim first = claim();
    first.done(1000, 2500, 1000);
    List<Integer> offsets = new ArrayList<>();
    Optional<PageClaim> next;
    while ((next = repository.claimNext()).isPresent()) {
      open.add(next.get());
      if (next.get().page().window().start().equals(first.page().window().start())) {
        offsets.add(next.get().page().offset());
      }
    }
    assertEquals(List.of(1001, 2001), offsets.stream().sorted().toList());
    JobProgress progress = repository.find(job).orElseThrow();
    assertEquals(1, progress.windowsCounted());
    assertEquals(1, progress.pagesDone());
    assertEquals(4, progress.pagesPending());
    assertEquals(3, progress.pagesInCountedWindows());
    assertEquals(1000, progress.records());
  }

  @Test
  void aDeferredPageIsNotDueUntilItsTime() throws Exception {
    PageClaim first = claim();
    first.deferred(Instant.now().plusSeconds(3600), "java.io.IOException: reset", true);
    PageClaim second = claim();
    PageClaim third = claim();
    assertNotEquals(first.page().window().start(), second.page().window().start());
    assertNotEquals(first.page().window().start(), third.page().window().start());
    assertTrue(repository.claimNext().isEmpty(), "the deferred page waits");
    JobProgress progress = repository.find(job).orElseThrow();
    assertEquals(1, progress.pagesFailing());
    assertEquals(1, progress.errors().size());
    assertTrue(
        progress.errors().get(0).contains("reset (1 failed round(s)"), progress.errors().get(0));
  }

  @Test
  void requestsAreCountedEvenWhenThePageFailed() throws Exception {
    PageClaim first = claim();
    repository.addRequests(job, 5, 4);
    first.close();
    open.remove(first);
    JobProgress progress = repository.find(job).orElseThrow();
    assertEquals(5, progress.requests());
    assertEquals(4, progress.retries());
  }

  @Test
  void anErrorHoldingNulIsRecordedEscaped() throws Exception {
    PageClaim first = claim();
    first.rejected("refused: bad\u0000byte");
    JobProgress progress = repository.find(job).orElseThrow();
    assertEquals(1, progress.pagesRejected());
    assertTrue(
        progress.errors().get(0).contains("refused: bad\\u0000byte"), progress.errors().get(0));
  }
}
