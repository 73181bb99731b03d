package dev.precip.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How long a record took from its page being fetched to its row being queryable, and to the metrics
 * counting it, for the rows committed within a time window; read afterwards from what the pipeline
 * left behind, so that measuring costs the pipeline nothing.
 *
 * <p>Fetched: the broker's timestamp of the page's first copy on the raw topic (the fetcher
 * publishes a page as soon as it has it). Queryable: the {@code committedAtMs} of the batch's first
 * announcement (the writer announces after its INSERT returned). Counted: the metrics ledger's
 * {@code applied_at} of the batch. Each row counts once, so percentiles are over rows.
 *
 * @param rows rows committed within the window and measured
 * @param toQueryable percentiles (p50, p95, max) of fetched to queryable, seconds
 * @param toCounted percentiles (p50, p95, max) of fetched to counted by the metrics, seconds; rows
 *     of batches not counted yet are left out
 */
record PipelineLatency(long rows, double[] toQueryable, double[] toCounted) {

  static PipelineLatency measure(PipelineRun run, LocalDate firstDay, Instant from, Instant to)
      throws Exception {
    Map<String, Long> fetchedAt = firstTimestamps(run.rawTopic);
    Map<String, Long> queryableAt = new HashMap<>();
    Topics.readToEnd(
        run.batchesTopic,
        new StringDeserializer(),
        r -> {
          try {
            JsonNode event = Http.JSON.readTree(r.value());
            queryableAt.putIfAbsent(
                event.get("batchId").asText(), event.get("committedAtMs").asLong());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    Map<String, Long> countedAt = countedAt(run, from);
    List<long[]> queryable = new ArrayList<>();
    List<long[]> counted = new ArrayList<>();
    long rows = 0;
    try (Connection c = run.trino();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT batch_id, source_page, count(*) FROM "
                    + run.table("precip_15")
                    + " WHERE observed_at >= TIMESTAMP '"
                    + firstDay
                    + " 00:00:00' GROUP BY 1, 2")) {
      while (rs.next()) {
        Long committed = queryableAt.get(rs.getString(1));
        Long fetched = fetchedAt.get(rs.getString(2));
        if (committed == null
            || fetched == null
            || committed < from.toEpochMilli()
            || committed > to.toEpochMilli()) {
          continue;
        }
        long n = rs.getLong(3);
        rows += n;
        queryable.add(new long[] {committed - fetched, n});
        Long applied = countedAt.get(rs.getString(1));
        if (applied != null) {
          counted.add(new long[] {applied - fetched, n});
        }
      }
    }
    return new PipelineLatency(rows, percentiles(queryable), percentiles(counted));
  }

  /** Per key, the broker timestamp of its first record on the topic. */
  private static Map<String, Long> firstTimestamps(String topic) throws Exception {
    Map<String, Long> out = new HashMap<>();
    // the pages' bodies are not needed: read as bytes, never decoded
    Topics.readToEnd(
        topic, new ByteArrayDeserializer(), r -> out.merge(r.key(), r.timestamp(), Math::min));
    return out;
  }

  /** Per batch, when the metrics service counted it (its ledger, in the run's schema). */
  private static Map<String, Long> countedAt(PipelineRun run, Instant since) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = Stack.postgres();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT batch_id, (extract(epoch FROM applied_at) * 1000)::bigint FROM "
                    + run.schema
                    + ".applied_batches WHERE applied_at >= ?")) {
      s.setTimestamp(1, java.sql.Timestamp.from(since));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /** p50, p95 and max of row-weighted millisecond values, in seconds; NaN when there are none. */
  static double[] percentiles(List<long[]> weighted) {
    if (weighted.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    List<long[]> sorted = new ArrayList<>(weighted);
    sorted.sort((a, b) -> Long.compare(a[0], b[0]));
    long total = sorted.stream().mapToLong(w -> w[1]).sum();
    return new double[] {
      at(sorted, total, 0.50) / 1000.0,
      at(sorted, total, 0.95) / 1000.0,
      sorted.get(sorted.size() - 1)[0] / 1000.0
    };
  }

  private static long at(List<long[]> sorted, long total, double share) {
    long rank = (long) Math.ceil(share * total);
    long seen = 0;
    for (long[] w : sorted) {
      seen += w[1];
      if (seen >= rank) {
        return w[0];
      }
    }
    return sorted.get(sorted.size() - 1)[0];
  }
}
