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
    Map<String, Double> counted = new LinkedHashMap<>();
    counted.put("fetched", written * 3);
    counted.put("normalized", written * 2);
    counted.put("written", written);
    counted.put("counted", written);
    Map<String, Long> lag = new LinkedHashMap<>();
    lag.put("normalizer", normalizerLag);
    lag.put("writer", writerLag);
    lag.put("metrics", 0L);
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
        List.of());
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
  void theBottleneckIsTheSlowestStageThatNeverRanOutOfInput() {
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 1000, 0), sample(60, 120_000, 9, 5000, 30)));
    // the normalizer (4,000/s) and the writer (2,000/s) always had input; the metrics never
    assertEquals("writer", report.bottleneck());
  }

  @Test
  void aStageThatRanOutOfInputIsNotTheBottleneck() {
    PipelineReport report =
        report(List.of(sample(0, 0, 5, 1000, 0), sample(60, 120_000, 9, 0, 30)));
    assertEquals("normalizer", report.bottleneck());
  }

  @Test
  void aStageIsJudgedFromWhenItsInputFirstWaited() {
    // records reached the writer's input only by the last sample; the normalizer was fed throughout
    PipelineReport report =
        report(
            List.of(
                sample(0, 0, 5, 0, 0),
                sample(30, 30_000, 9, 0, 15),
                sample(60, 120_000, 9, 5000, 30)));
    assertEquals("writer", report.bottleneck());
  }

  @Test
  void aStageThatNeverHadInputIsNotTheBottleneck() {
    PipelineReport report = report(List.of(sample(0, 0, 0, 0, 0), sample(60, 120_000, 0, 0, 30)));
    assertTrue(report.bottleneck().startsWith("none"), report.bottleneck());
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
