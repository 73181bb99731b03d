package dev.precip.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The five services together against the offline source, measured over {@code minutes} on a data
 * table that has already taken at least {@code warm-commits} commits (a fresh table flatters: write
 * latency grows as snapshots and small files accumulate), with maintenance on its default schedule.
 * The table lives in schema {@code bench_pipeline} ({@code -Dbench.pipeline.schema} names another,
 * to compare with a younger table) and grows over runs; a run fetches days the table does not hold
 * yet, enough to keep the pipeline fed for the whole measurement at {@code bench.pipeline.offered}
 * records/s (default 4,000). Run with {@code bin/bench pipeline [minutes] [requests-per-second]
 * [warm-commits]}; 0 requests/s lifts NOAA's limit, 5 is NOAA's.
 *
 * <p>Writes a Markdown table, a PNG plot and JSON to {@code pipeline-it/target/bench/}.
 */
public final class PipelineBenchmark {

  private static final Logger LOG = Logger.getLogger(PipelineBenchmark.class);
  static final String SCHEMA = System.getProperty("bench.pipeline.schema", "bench_pipeline");
  private static final long SEED = 20261127;
  private static final int STATIONS = 400;

  /** The fetcher's default page, NOAA's largest: the unit of the normalizer's input. */
  private static final int RECORDS_PER_PAGE = 1000;

  /** Average observations per station and day the generator makes (0 to 8 slots, some shared). */
  private static final double PER_STATION_DAY = 3.9;

  /** PRECIP_15's coverage, which the normalizer enforces: a run's days must lie within it. */
  private static final LocalDate FIRST_EVER = LocalDate.of(1971, 1, 1);

  private static final LocalDate LAST_EVER = LocalDate.of(2013, 12, 31);
  private static final Duration EVERY = Duration.ofSeconds(10);

  /** The maintenance service's defaults (its application.properties), which the ITs turn off. */
  private static final Map<String, String> MAINTENANCE_DEFAULTS =
      Map.of(
          "maintenance.light.cron", "0/30 * * * * ?",
          "maintenance.full.cron", "15 0/5 * * * ?",
          "maintenance.snapshot-retention", "PT1M",
          "maintenance.orphan-retention", "PT1H");

  /** Services whose settings a trial may change; maintenance has its own overrides. */
  private static final List<String> TRIED_SERVICES =
      List.of(PipelineRun.FETCHER, PipelineRun.NORMALIZER, PipelineRun.WRITER, PipelineRun.METRICS);

  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int requestsPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    long warmCommits = args.length > 2 ? Long.parseLong(args[2]) : 2000;
    int offered = Integer.getInteger("bench.pipeline.offered", 4000);
    Map<String, Long> stackPids = Stack.pids();
    Map<String, Map<String, String>> tried = new TreeMap<>();
    for (String service : TRIED_SERVICES) {
      Map<String, String> overrides = BenchOverrides.forService(service);
      if (!overrides.isEmpty()) {
        tried.put(service, overrides);
      }
    }
    Map<String, Map<String, String>> settings = settings(requestsPerSecond, tried);
    double machineMillis = MachineSpeed.workMillis();

    try (PipelineRun run = PipelineRun.inSchema(SCHEMA, SEED, STATIONS, settings)) {
      run.start();
      PipelineSampler sampler = new PipelineSampler(run, stackPids);
      LocalDate firstDay = firstUnwrittenDay(run);
      long commitsBefore = sampler.commits();
      long warmRows = Math.max(0, warmCommits - commitsBefore) * 500;
      long measuredRows = (long) minutes * 60 * offered;
      long days = (long) Math.ceil((warmRows + measuredRows) / (STATIONS * PER_STATION_DAY));
      LocalDate lastDay = firstDay.plusDays(days);
      if (lastDay.isAfter(LAST_EVER)) {
        throw new IllegalStateException(
            "the table "
                + run.table("precip_15")
                + " holds PRECIP_15's range up to "
                + firstDay
                + " and this run needs "
                + days
                + " more days; drop the schema (DROP TABLE of its tables, then DROP SCHEMA) to"
                + " start over");
      }
      String jobId =
          run.startFetch("{\"startDate\":\"" + firstDay + "\",\"endDate\":\"" + lastDay + "\"}");
      LOG.infof(
          "pipeline benchmark: fetching %s..%s (%d days of %d stations), job %s; the table has"
              + " taken %,d commits",
          firstDay, lastDay, days, STATIONS, jobId, commitsBefore);

      while (sampler.commits() < warmCommits) {
        LOG.infof("warming up: %,d of %,d commits", sampler.commits(), warmCommits);
        Thread.sleep(30_000);
      }

      Instant from = Instant.now();
      List<PipelineSample> samples = new ArrayList<>();
      long next = System.nanoTime();
      long end = next + Duration.ofMinutes(minutes).toNanos();
      while (System.nanoTime() <= end) {
        PipelineSample sample = sampler.sample();
        samples.add(sample);
        if (samples.size() % 6 == 1) {
          LOG.infof(
              "%.0f s: written %,.0f, lags %s, files %d, snapshots %d",
              sample.seconds(),
              sample.counted().get("written"),
              sample.lag(),
              sample.dataFiles(),
              sample.snapshots());
        }
        next += EVERY.toNanos();
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      }
      Instant to = Instant.now();

      PipelineLatency latency = PipelineLatency.measure(run, firstDay, from, to);
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("NOAA requests/s", requestsPerSecond == 0 ? "unlimited" : requestsPerSecond);
      shown.put("stations", STATIONS);
      shown.put("fetch windows", "31 days, pages of " + RECORDS_PER_PAGE);
      shown.put("fetched days", firstDay + ".." + lastDay);
      shown.put("maintenance settings", settings.get(PipelineRun.MAINTENANCE));
      tried.forEach((service, overrides) -> shown.put(service + " settings tried", overrides));
      shown.put("table commits before the window", samples.get(0).commits());
      shown.put("started", from.toString());
      shown.put("machine speed before the services started", MachineSpeed.describe(machineMillis));
      PipelineReport report =
          new PipelineReport(shown, samples, latency, maintenanceRuns(run, from), RECORDS_PER_PAGE);
      String name =
          "pipeline-" + (requestsPerSecond == 0 ? "unlimited" : requestsPerSecond + "rps");
      List<Path> files =
          report.write(
              Path.of(System.getProperty("repo.root", ".."), "pipeline-it/target/bench"),
              name,
              "Pipeline benchmark, "
                  + minutes
                  + " min, NOAA requests/s "
                  + shown.get("NOAA requests/s"));
      LOG.info("\n" + report.markdown());
      LOG.infof("written: %s", files);
    }
  }

  private static Map<String, Map<String, String>> settings(
      int requestsPerSecond, Map<String, Map<String, String>> tried) {
    Map<String, Map<String, String>> o = new HashMap<>();
    String limit = Integer.toString(requestsPerSecond);
    o.put(
        PipelineRun.SOURCE,
        Map.of("noaa-offline.requests-per-second", limit, "noaa-offline.requests-per-day", "0"));
    o.put(
        PipelineRun.FETCHER,
        Map.of(
            "fetcher.noaa.requests-per-second",
            limit,
            "fetcher.noaa.requests-per-day",
            "0",
            // the offline source builds a whole window to serve one page of it: a month of 400
            // stations fits its heap, a year does not
            "fetcher.jobs.max-window",
            "P31D"));
    // the services' own defaults: the schedule production runs, not the ITs' "off"; other
    // settings with -Dbench.maintenance.<key>=<value>
    Map<String, String> maintenance = new TreeMap<>(MAINTENANCE_DEFAULTS);
    maintenance.putAll(BenchOverrides.of("maintenance"));
    o.put(PipelineRun.MAINTENANCE, maintenance);
    // a trial's settings (-Dbench.<service>.<key>=<value>) win over the run's own
    tried.forEach(
        (service, overrides) -> {
          Map<String, String> merged = new TreeMap<>(o.getOrDefault(service, Map.of()));
          merged.putAll(overrides);
          o.put(service, merged);
        });
    return o;
  }

  /** The day after the last one the table holds, so that every fetched row is new. */
  private static LocalDate firstUnwrittenDay(PipelineRun run) throws SQLException {
    try (Connection c = run.trino();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS iceberg." + run.schema);
      try (ResultSet tables =
          s.executeQuery(
              "SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = '"
                  + run.schema
                  + "' AND table_name = 'precip_15'")) {
        tables.next();
        if (tables.getLong(1) == 0) {
          return FIRST_EVER;
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT max(observed_at) FROM " + run.table("precip_15"))) {
        rs.next();
        return rs.getTimestamp(1) == null
            ? FIRST_EVER
            : rs.getTimestamp(1).toLocalDateTime().toLocalDate().plusDays(1);
      }
    }
  }

  /**
   * The maintenance runs of the data table that started in the window: the full passes one line
   * each, the light ones counted by outcome.
   */
  private static List<String> maintenanceRuns(PipelineRun run, Instant since) throws Exception {
    List<String> out = new ArrayList<>();
    Map<String, Integer> light = new TreeMap<>();
    for (JsonNode r : Http.get(run.maintenance.uri("/maintenance/runs?limit=200"))) {
      if (!Instant.parse(r.get("startedAt").asText()).isAfter(since)) {
        continue;
      }
      for (JsonNode t : r.get("tables")) {
        if (!t.get("table").asText().equals(run.table("precip_15"))) {
          continue;
        }
        if (r.get("pass").asText().equalsIgnoreCase("light")) {
          light.merge(r.get("outcome").asText(), 1, Integer::sum);
        } else {
          out.add(
              r.get("pass").asText()
                  + " "
                  + r.get("outcome").asText()
                  + ": data files "
                  + t.path("before").path("dataFiles").asText("?")
                  + " → "
                  + t.path("after").path("dataFiles").asText("?")
                  + ", snapshots "
                  + t.path("before").path("snapshots").asText("?")
                  + " → "
                  + t.path("after").path("snapshots").asText("?"));
        }
      }
    }
    out.add("light " + light);
    return out;
  }
}
