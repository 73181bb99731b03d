package dev.precip.it;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * What a pipeline benchmark measured, as a Markdown table a person reads, a PNG plot of rates, lags
 * and CPU over time, and JSON for comparing runs. Derives every figure from the samples; it asserts
 * nothing.
 */
final class PipelineReport {

  private static final List<String> STAGES = List.of("fetched", "normalized", "written", "counted");

  /**
   * The consumer groups in front of the normalizing, writing and counting stages, in flow order.
   */
  private static final List<String> GROUPS = List.of("normalizer", "writer", "metrics");

  /**
   * A stage whose waiting input grew by less than this much of its own work in the window kept up.
   */
  static final Duration KEEPS_UP = Duration.ofMinutes(1);

  private final Map<String, Object> settings;
  private final List<PipelineSample> samples;
  private final PipelineLatency latency;
  private final List<String> maintenanceRuns;
  private final int recordsPerPage;

  PipelineReport(
      Map<String, Object> settings,
      List<PipelineSample> samples,
      PipelineLatency latency,
      List<String> maintenanceRuns,
      int recordsPerPage) {
    if (samples.size() < 2) {
      throw new IllegalArgumentException("a report needs at least two samples");
    }
    this.settings = settings;
    this.samples = samples;
    this.latency = latency;
    this.maintenanceRuns = maintenanceRuns;
    this.recordsPerPage = recordsPerPage;
  }

  private PipelineSample first() {
    return samples.get(0);
  }

  private PipelineSample last() {
    return samples.get(samples.size() - 1);
  }

  private double seconds() {
    return last().seconds() - first().seconds();
  }

  /** A stage's records/s over the whole window. */
  double rate(String stage) {
    return (last().counted().get(stage) - first().counted().get(stage)) / seconds();
  }

  /** The end-to-end figure: rows that became queryable per second. */
  double endToEnd() {
    return rate("written");
  }

  /**
   * How much a stage's waiting input grew over the window, in seconds of that stage's own work at
   * its rate in the window: a stage that keeps up has a flat (or shrinking) queue in front of it,
   * however many items are in flight. Lags are in the units of each stage's input (raw pages,
   * records, batch events); pages are converted at {@code recordsPerPage} (full pages), events at
   * one per writer commit.
   */
  double inputGrowthSeconds(String group) {
    long growth = last().lag().get(group) - first().lag().get(group);
    return growth <= 0 ? 0 : inSecondsOfWork(group, growth);
  }

  /**
   * How much input a stage still had waiting at the end of the window, in seconds of its own work
   * at its rate in the window: a stage that ends with minutes of work waiting set the window's
   * pace, even when its queue shrank (a drain of a backlog).
   */
  double backlogSeconds(String group) {
    return inSecondsOfWork(group, last().lag().get(group));
  }

  /**
   * Items of a stage's input in seconds of its work. Lags are in the units of each stage's input
   * (raw pages, records, batch events); pages are converted at {@code recordsPerPage} (full pages),
   * events at one per writer commit.
   */
  private double inSecondsOfWork(String group, long items) {
    if (items <= 0) {
      return 0;
    }
    double unitsPerSecond =
        switch (group) {
          case "normalizer" -> rate("normalized") / recordsPerPage;
          case "writer" -> rate("written");
          case "metrics" -> (last().commits() - first().commits()) / seconds();
          default -> throw new IllegalArgumentException(group);
        };
    return unitsPerSecond > 0 ? items / unitsPerSecond : Double.POSITIVE_INFINITY;
  }

  /**
   * The stage that limits the pipeline: the one whose waiting input grew the most, in seconds of
   * its own work, if that is more than {@link #KEEPS_UP} (a queue grows in front of the slowest
   * stage, and the stages after it see no more than it passes on). When no input grew that much,
   * the stage that ended the window with the most work waiting, if more than {@link #KEEPS_UP}: it
   * was draining a backlog its upstream built faster than it could work, so the window measured its
   * pace. None when every stage kept up and none had a backlog. The evidence follows the name.
   */
  String bottleneck() {
    String growing = mostAbove(this::inputGrowthSeconds);
    String draining = growing == null ? mostAbove(this::backlogSeconds) : null;
    String verdict =
        growing != null
            ? growing + ": its input grew most"
            : draining != null
                ? String.format(
                    Locale.ROOT,
                    "%s: it drained a backlog (its input %,d -> %,d, so the window measured its pace)",
                    draining,
                    first().lag().get(draining),
                    last().lag().get(draining))
                : "none: every stage kept up with its input";
    return verdict
        + " (growth of each stage's waiting input, in seconds of its work: "
        + evidence(this::inputGrowthSeconds)
        + "; waiting at the end: "
        + evidence(this::backlogSeconds)
        + ")";
  }

  private static String mostAbove(ToDoubleFunction<String> seconds) {
    String most = null;
    double highest = KEEPS_UP.toSeconds();
    for (String group : GROUPS) {
      if (seconds.applyAsDouble(group) > highest) {
        highest = seconds.applyAsDouble(group);
        most = group;
      }
    }
    return most;
  }

  private static String evidence(ToDoubleFunction<String> seconds) {
    return GROUPS.stream()
        .map(g -> String.format(Locale.ROOT, "%s %,.0f s", g, seconds.applyAsDouble(g)))
        .collect(Collectors.joining(", "));
  }

  /** Average CPU use of a process over the window, in cores. */
  double cpuCores(String process) {
    ProcessUsage a = first().usage().get(process);
    ProcessUsage b = last().usage().get(process);
    return (b.cpuSeconds() - a.cpuSeconds()) / seconds();
  }

  double maxRss(String process) {
    return samples.stream().mapToDouble(s -> s.usage().get(process).rssMib()).max().orElse(0);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("| figure | value |\n|---|---|\n");
    settings.forEach((k, v) -> row(md, k, String.valueOf(v)));
    row(
        md,
        "measured",
        String.format(Locale.ROOT, "%.0f s, %d samples", seconds(), samples.size()));
    row(
        md,
        "**end to end (rows queryable/s)**",
        String.format(Locale.ROOT, "**%,.0f**", endToEnd()));
    for (String stage : STAGES) {
      row(md, stage + " records/s", String.format(Locale.ROOT, "%,.0f", rate(stage)));
    }
    for (String group : GROUPS) {
      row(
          md,
          "lag of " + group + " (" + unit(group) + "), start → end",
          String.format(
              Locale.ROOT, "%,d → %,d", first().lag().get(group), last().lag().get(group)));
    }
    row(md, "bottleneck", bottleneck());
    row(
        md,
        "fetched → queryable p50 / p95 / max (s)",
        String.format(
            Locale.ROOT,
            "%.1f / %.1f / %.1f over %,d rows",
            latency.toQueryable()[0],
            latency.toQueryable()[1],
            latency.toQueryable()[2],
            latency.rows()));
    row(
        md,
        "fetched → metrics updated p50 / p95 / max (s)",
        String.format(
            Locale.ROOT,
            "%.1f / %.1f / %.1f",
            latency.toCounted()[0],
            latency.toCounted()[1],
            latency.toCounted()[2]));
    row(
        md,
        "writer commits in the window",
        String.format(
            Locale.ROOT,
            "%,d (table total %,d)",
            last().commits() - first().commits(),
            last().commits()));
    row(md, "live data files start → end (max)", startEndMax(PipelineSample::dataFiles));
    row(md, "live snapshots start → end (max)", startEndMax(PipelineSample::snapshots));
    row(md, "maintenance runs in the window", String.join("; ", maintenanceRuns));
    md.append("\n| process | CPU (cores, average) | RSS max (MiB) |\n|---|---|---|\n");
    for (String process : last().usage().keySet()) {
      md.append(
          String.format(
              Locale.ROOT, "| %s | %.2f | %.0f |%n", process, cpuCores(process), maxRss(process)));
    }
    md.append(
        "\n| minute | fetched/s | normalized/s | written/s | counted/s | raw pages waiting | records waiting | batch events waiting | data files | snapshots |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (PipelineSample[] span : minutes()) {
      PipelineSample a = span[0];
      PipelineSample b = span[1];
      double dt = b.seconds() - a.seconds();
      md.append(String.format(Locale.ROOT, "| %.0f |", b.seconds() / 60));
      for (String stage : STAGES) {
        md.append(
            String.format(
                Locale.ROOT, " %,.0f |", (b.counted().get(stage) - a.counted().get(stage)) / dt));
      }
      md.append(
          String.format(
              Locale.ROOT,
              " %,d | %,d | %,d | %,d | %,d |%n",
              b.lag().get("normalizer"),
              b.lag().get("writer"),
              b.lag().get("metrics"),
              b.dataFiles(),
              b.snapshots()));
    }
    return md.toString();
  }

  private String startEndMax(ToLongFunction<PipelineSample> figure) {
    return String.format(
        Locale.ROOT,
        "%,d → %,d (%,d)",
        figure.applyAsLong(first()),
        figure.applyAsLong(last()),
        samples.stream().mapToLong(figure).max().orElse(0));
  }

  private static String unit(String group) {
    return switch (group) {
      case "normalizer" -> "raw pages";
      case "writer" -> "records";
      default -> "batch events";
    };
  }

  private static void row(StringBuilder md, String figure, String value) {
    md.append("| ").append(figure).append(" | ").append(value).append(" |\n");
  }

  /** Consecutive (start, end) samples about a minute apart. */
  private List<PipelineSample[]> minutes() {
    List<PipelineSample[]> out = new ArrayList<>();
    PipelineSample start = first();
    for (PipelineSample s : samples) {
      if (s.seconds() - start.seconds() >= 59.5) {
        out.add(new PipelineSample[] {start, s});
        start = s;
      }
    }
    return out;
  }

  ObjectNode json() {
    ObjectNode root = Http.JSON.createObjectNode();
    root.set("settings", Http.JSON.valueToTree(settings));
    ObjectNode summary = root.putObject("summary");
    summary.put("seconds", seconds());
    summary.put("endToEndRowsPerSecond", endToEnd());
    ObjectNode rates = summary.putObject("recordsPerSecond");
    STAGES.forEach(stage -> rates.put(stage, rate(stage)));
    summary.put("bottleneck", bottleneck());
    summary.set("fetchedToQueryableSeconds", percentiles(latency.toQueryable()));
    summary.set("fetchedToCountedSeconds", percentiles(latency.toCounted()));
    summary.put("latencyRows", latency.rows());
    summary.put("commits", last().commits() - first().commits());
    summary.put("tableCommitsTotal", last().commits());
    ObjectNode processes = summary.putObject("processes");
    for (String process : last().usage().keySet()) {
      ObjectNode p = processes.putObject(process);
      p.put("cpuCores", cpuCores(process));
      p.put("rssMibMax", maxRss(process));
    }
    summary.set("maintenanceRuns", Http.JSON.valueToTree(maintenanceRuns));
    root.set("samples", Http.JSON.valueToTree(samples));
    return root;
  }

  private static ArrayNode percentiles(double[] p) {
    ArrayNode a = Http.JSON.createArrayNode();
    for (double v : p) {
      a.add(v);
    }
    return a;
  }

  /** Writes {@code <name>.md}, {@code <name>.json} and {@code <name>.png} into {@code dir}. */
  List<Path> write(Path dir, String name, String title) throws IOException {
    Files.createDirectories(dir);
    Path md = dir.resolve(name + ".md");
    Files.writeString(md, "# " + title + "\n\n" + markdown());
    Path json = dir.resolve(name + ".json");
    Files.writeString(
        json,
        Http.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json()));
    Path png = dir.resolve(name + ".png");
    ChartUtils.saveChartAsPNG(png.toFile(), chart(title), 1200, 1100);
    return List.of(md, json, png);
  }

  private JFreeChart chart(String title) {
    NumberAxis minutes = new NumberAxis("minutes since the services started");
    // the window starts after the warm-up; an axis from 0 would leave most of the plot empty
    minutes.setAutoRangeIncludesZero(false);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(minutes);
    plot.setGap(12);
    Map<String, XYSeries> rates = new LinkedHashMap<>();
    STAGES.forEach(stage -> rates.put(stage, new XYSeries(stage + " records/s")));
    Map<String, XYSeries> lags = new LinkedHashMap<>();
    lags.put("writer", new XYSeries("records waiting for the writer"));
    lags.put("normalizer", new XYSeries("raw pages waiting for the normalizer (x1000)"));
    lags.put("metrics", new XYSeries("batch events waiting for the metrics (x500)"));
    Map<String, XYSeries> cpu = new LinkedHashMap<>();
    last().usage().keySet().forEach(p -> cpu.put(p, new XYSeries(p)));
    for (int i = 1; i < samples.size(); i++) {
      PipelineSample a = samples.get(i - 1);
      PipelineSample b = samples.get(i);
      double minute = b.seconds() / 60;
      double dt = b.seconds() - a.seconds();
      for (String stage : STAGES) {
        rates.get(stage).add(minute, (b.counted().get(stage) - a.counted().get(stage)) / dt);
      }
      lags.get("writer").add(minute, b.lag().get("writer"));
      lags.get("normalizer").add(minute, b.lag().get("normalizer") * 1000.0);
      lags.get("metrics").add(minute, b.lag().get("metrics") * 500.0);
      for (String p : cpu.keySet()) {
        cpu.get(p)
            .add(minute, (b.usage().get(p).cpuSeconds() - a.usage().get(p).cpuSeconds()) / dt);
      }
    }
    plot.add(subplot(rates, "records/s"), 3);
    plot.add(subplot(lags, "records waiting"), 2);
    plot.add(subplot(cpu, "CPU (cores)"), 2);
    return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
  }

  private static XYPlot subplot(Map<String, XYSeries> series, String axis) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    return new XYPlot(data, null, new NumberAxis(axis), renderer);
  }
}
