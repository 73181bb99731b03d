package dev.precip.metrics.repository;

import dev.precip.metrics.config.MetricsConfig;
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
import java.util.List;
import java.util.Optional;

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

  /** Counts a batch's rows per station into the partials, unless that batch is already there. */
  public void applyBatch(String batchId, Long firstEventMs, Long lastEventMs, long appliedAtMs)
      throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.applyBatch())) {
      s.setString(1, batchId);
      setObservedAt(s, 2, firstEventMs);
      setObservedAt(s, 3, firstEventMs);
      setObservedAt(s, 4, lastEventMs);
      setObservedAt(s, 5, lastEventMs);
      s.setLong(6, appliedAtMs);
      s.executeLargeUpdate();
    }
  }

  public List<StationMetrics> allStations() throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.allStations());
        ResultSet rs = s.executeQuery()) {
      List<StationMetrics> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row(rs));
      }
      return out;
    }
  }

  public Optional<StationMetrics> station(String station) throws SQLException {
    try (Connection c = trino.getConnection();
        PreparedStatement s = c.prepareStatement(sql.oneStation())) {
      s.setString(1, station);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static StationMetrics row(ResultSet rs) throws SQLException {
    return new StationMetrics(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
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
