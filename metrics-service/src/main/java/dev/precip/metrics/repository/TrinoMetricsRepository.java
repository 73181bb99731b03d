package dev.precip.metrics.repository;

import dev.precip.contracts.BatchCommitted;
import dev.precip.metrics.config.MetricsConfig;
import dev.precip.metrics.service.RowTotals;
import dev.precip.metrics.service.StationCount;
import dev.precip.metrics.service.StationDifference;
import dev.precip.metrics.service.StationMetrics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The metrics tables in Iceberg, through Trino. */
@ApplicationScoped
public class TrinoMetricsRepository {

  private static final DateTimeFormatter OBSERVED_AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final AgroalDataSource trino;
  private final MetricsSql sql;

  public TrinoMetricsRepository(@DataSource("trino") AgroalDataSource trino, MetricsConfig config) {
    this.trino = trino;
    this.sql = MetricsSql.of(config.tables());
  }

  public void createIfMissing() throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql.createSchema());
      s.execute(sql.createPartials());
      s.execute(sql.createView());
    }
  }

  /**
   * The batches' rows per station, read from the data table in one query; a batch without rows in
   * the table has no entry.
   */
  public Map<String, List<StationCount>> countBatches(List<BatchCommitted> batches)
      throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.countBatches(batches.size()))) {
      int i = 1;
      for (BatchCommitted batch : batches) {
        s.setString(i++, batch.batchId());
        setObservedAt(s, i++, batch.eventTimeMsMin());
        setObservedAt(s, i++, batch.eventTimeMsMin());
        setObservedAt(s, i++, batch.eventTimeMsMax());
        setObservedAt(s, i++, batch.eventTimeMsMax());
      }
      try (ResultSet rs = s.executeQuery()) {
        Map<String, List<StationCount>> counts = new HashMap<>();
        while (rs.next()) {
          counts
              .computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
              .add(new StationCount(rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }
        return counts;
      }
    }
  }

  /**
   * Appends the per-station counts of batches (by batch id) to the metrics table, in one commit
   * (more only for counts too long for one statement).
   */
  public void insertCounts(Map<String, List<StationCount>> countsByBatch, long appliedAtMs)
      throws SQLException {
    List<CountsJson.Row> rows = CountsJson.rows(countsByBatch);
    if (rows.isEmpty()) {
      return;
    }
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.insertCounts())) {
      for (String json : CountsJson.documents(rows, CountsJson.MAX_QUERY_CHARS)) {
        s.setLong(1, appliedAtMs);
        s.setString(2, json);
        s.executeLargeUpdate();
      }
    }
  }

  /** The data table's current snapshot id; empty while the table has none. */
  public OptionalLong dataSnapshot() throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.currentDataSnapshot())) {
      return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
    }
  }

  /** Replaces the metrics table with a recount of the whole data table as of {@code snapshot}. */
  public void rebuild(OptionalLong snapshot, long appliedAtMs) throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.rebuild(snapshot))) {
      s.setLong(1, appliedAtMs);
      s.executeLargeUpdate();
    }
  }

  /**
   * Stations whose metrics differ from a full recomputation of the data table (as of {@code
   * snapshot} when given); empty when they are exact.
   */
  public List<StationDifference> reconcile(OptionalLong snapshot) throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.reconcile(snapshot))) {
      List<StationDifference> differences = new ArrayList<>();
      while (rs.next()) {
        differences.add(
            new StationDifference(
                rs.getString(1),
                nullableLong(rs, 2),
                nullableLong(rs, 3),
                nullableLong(rs, 4),
                nullableLong(rs, 5)));
      }
      return differences;
    }
  }

  public RowTotals rowTotals() throws SQLException {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.rowTotals())) {
      rs.next();
      return new RowTotals(rs.getLong(1), rs.getLong(2));
    }
  }

  public List<StationMetrics> allStations() throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.allStations())) {
      return stations(s);
    }
  }

  public List<StationMetrics> worstStations(int limit) throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.worstStations())) {
      s.setLong(1, limit);
      return stations(s);
    }
  }

  public Optional<StationMetrics> station(String station) throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.oneStation())) {
      s.setString(1, station);
      return stations(s).stream().findFirst();
    }
  }

  private static List<StationMetrics> stations(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      List<StationMetrics> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new StationMetrics(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)));
      }
      return out;
    }
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static void setObservedAt(PreparedStatement s, int index, Long epochMs)
      throws SQLException {
    if (epochMs == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, OBSERVED_AT.format(Instant.ofEpochMilli(epochMs)));
    }
  }
}
