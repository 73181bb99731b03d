package dev.precip.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineReportTest {

  private static PipelineSample sample(
      double seconds, double written, long normalizerLag, long writerLag, double cpu) {
    return sample(seconds, written, normalizerLag, writerLag, 0, cpu);
  }

  /** Normalized twice and fetched three times what is written; one commit per 500 rows. */
  private static PipelineSample sample(
      double seconds,
      double written,
      long normalizerLag,
      long writerLag,
      long metricsLag,
      double cpu) {
    Map<String, Double> counted = new LinkedHashMap<>();
    counted.put("fetched", written * 3);
    counted.put("normalized", written * 2);
    counted.put("written", written);
    counted.put("counted", written);
    Map<String, Long> lag = new LinkedHashMap<>();
    lag.put("normalizer", normalizerLag);
    lag.put("writer", writerLag);
    lag.put("metrics", metricsLag);
    return new PipelineSample(
        seconds,
        counted,
        lag,
        Map.of("writer-service", new ProcessUsage(300, cpu)),
        100,
        10,
        (long) written / 500);
  }

  private static PipelineReport report(List<PipelineSample> samples) {
    return new PipelineReport(
        Map.of("stations", 400),
        samples,
        new PipelineLatency(10, new double[] {1, 2, 3}, new double[] {2, 3, 4}),
        List.of(),
        1000);
  }

  @Test
  void ratesAreTheCountersDifferenceOverTheWindow() {
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 1000, 0), sample(60, 120_000, 9, 5000, 30)));
    assertEquals(2000, report.endToEnd(), 1e-9);
    assertEquals(4000, report.rate("normalized"), 1e-9);
    assertEquals(0.5, report.cpuCores("writer-service"), 1e-9);
  }

  @Test
  void theBottleneckIsTheStageWhoseWaitingInputGrewTheMostInSecondsOfItsWork() {
    // the writer (2,000 records/s) fell 249.5 s of its work behind; the normalizer (4 pages/s)
    // 100 s
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 1000, 0), sample(60, 120_000, 405, 500_000, 30)));

    assertEquals(249.5, report.inputGrowthSeconds("writer"), 1e-9);
    assertEquals(100, report.inputGrowthSeconds("normalizer"), 1e-9);
    assertTrue(report.bottleneck().startsWith("writer: "), report.bottleneck());
  }

  @Test
  void aStageWithItemsInFlightButAFlatQueueKeptUp() {
    // 30 batch events always waiting while the metrics count 4 per second: nothing grows
    PipelineReport report =
        report(
            List.of(
                sample(0, 0, 5, 1000, 30, 0),
                sample(30, 60_000, 5, 1000, 31, 15),
                sample(60, 120_000, 5, 1000, 30, 30)));

    assertTrue(report.bottleneck().startsWith("none: "), report.bottleneck());
  }

  @Test
  void batchEventsAreWeighedAgainstTheCommitsTheyAnnounce() {
    // 4 commits/s; 400 more events waiting at the end is 100 s of the metrics' work
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 1000, 0, 0), sample(60, 120_000, 5, 1000, 400, 30)));

    assertEquals(100, report.inputGrowthSeconds("metrics"), 1e-9);
    assertTrue(report.bottleneck().startsWith("metrics: "), report.bottleneck());
  }

  @Test
  void aStageFedOnlyLateIsJudgedByHowMuchItsInputGrew() {
    // records reached the writer's input only by the last sample
    PipelineReport report =
        report(
            List.of(
                sample(0, 0, 5, 0, 0),
                sample(30, 30_000, 9, 0, 15),
                sample(60, 120_000, 9, 500_000, 30)));
    assertTrue(report.bottleneck().startsWith("writer: "), report.bottleneck());
  }

  @Test
  void aQueueDrainedToAFewSecondsOfWorkIsNoBottleneck() {
    // the writer (2,000 records/s) ends with 20,000 records waiting: 10 s of its work
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 140_000, 0), sample(60, 120_000, 5, 20_000, 30)));
    assertEquals(0, report.inputGrowthSeconds("writer"), 1e-9);
    assertEquals(10, report.backlogSeconds("writer"), 1e-9);
    assertTrue(report.bottleneck().startsWith("none: "), report.bottleneck());
  }

  @Test
  void aStageStillDrainingABacklogSetThePace() {
    // the writer's queue shrank, but 780,000 records (390 s of its work) were still waiting
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 900_000, 0), sample(60, 120_000, 5, 780_000, 30)));
    assertEquals(0, report.inputGrowthSeconds("writer"), 1e-9);
    assertEquals(390, report.backlogSeconds("writer"), 1e-9);
    assertTrue(
        report
            .bottleneck()
            .startsWith("writer: it drained a backlog (its input 900,000 -> 780,000"),
        report.bottleneck());
  }

  @Test
  void aGrowingQueueOutweighsALargerBacklogThatShrank() {
    // the normalizer's input grew by 100 s of its work; the writer's shrank but holds 390 s
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 900_000, 0), sample(60, 120_000, 405, 780_000, 30)));
    assertTrue(report.bottleneck().startsWith("normalizer: "), report.bottleneck());
  }

  @Test
  void theTableShowsTheEndToEndFigureAndEachMinute() {
    String md =
        report(List.of(sample(0, 0, 5, 1000, 0), sample(60, 120_000, 9, 5000, 30))).markdown();
    assertTrue(md.contains("| **end to end (rows queryable/s)** | **2,000** |"), md);
    assertTrue(md.contains("| 1 | 6,000 | 4,000 | 2,000 | 2,000 | 9 | 5,000 | 0 | 100 | 10 |"), md);
  }

  @Test
  void oneSampleIsNoReport() {
    assertThrows(IllegalArgumentException.class, () -> report(List.of(sample(0, 0, 5, 1000, 0))));
  }

  @Test
  void percentilesAreOverRowsNotOverGroups() {
    // 90 rows took 1 s, 10 rows took 10 s: p50 1 s, p95 10 s
    double[] p =
        PipelineLatency.percentiles(List.of(new long[] {1000, 90}, new long[] {10_000, 10}));
    assertArrayEquals(new double[] {1, 10, 10}, p, 1e-9);
  }

  @Test
  void noRowsGiveNoPercentiles() {
    assertTrue(Double.isNaN(PipelineLatency.percentiles(List.of())[0]));
  }
}
