package dev.precip.maintenance.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precip.maintenance.service.MaintenanceRun;
import dev.precip.maintenance.service.Pass;
import dev.precip.maintenance.service.RunOutcome;
import dev.precip.maintenance.service.TableRun;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The run history of all replicas, in PostgreSQL ({@code maintenance_run}, Flyway V1 and V2). */
@ApplicationScoped
public class RunHistoryRepository {

  private static final TypeReference<List<TableRun>> TABLES = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, pass, trigger, scheduled_for, instance, started_at, finished_at, outcome,"
          + " skipped_because, tables";

  private final AgroalDataSource postgres;
  private final ObjectMapper json;

  public RunHistoryRepository(AgroalDataSource postgres, ObjectMapper json) {
    this.postgres = postgres;
    this.json = json;
  }

  /**
   * Records a run that has just taken the lock; returns its id, or empty when {@code scheduledFor}
   * is a tick another run has already claimed (Flyway V2).
   */
  public OptionalLong started(
      Pass pass, String trigger, Instant scheduledFor, String instance, Instant startedAt)
      throws SQLException {
    return insert(pass, trigger, scheduledFor, instance, startedAt, null, RunOutcome.RUNNING, null);
  }

  /** Records a run that did not run, and why. */
  public long skipped(
      Pass pass,
      String trigger,
      Instant scheduledFor,
      String instance,
      Instant startedAt,
      String skippedBecause)
      throws SQLException {
    return insert(
            pass,
            trigger,
            scheduledFor,
            instance,
            startedAt,
            Instant.now(),
            RunOutcome.SKIPPED,
            skippedBecause)
        .orElseThrow();
  }

  public void finished(long id, Instant finishedAt, RunOutcome outcome, List<TableRun> tables)
      throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE maintenance_run SET finished_at = ?, outcome = ?, tables = ?::jsonb"
                    + " WHERE id = ?")) {
      s.setTimestamp(1, Timestamp.from(finishedAt));
      s.setString(2, outcome.name());
      s.setString(3, toJson(tables));
      s.setLong(4, id);
      s.executeUpdate();
    }
  }

  /**
   * Marks runs still RUNNING as ABANDONED. Called only by the holder of the run lock: any other
   * RUNNING run lost its lock with its connection, so its instance is gone.
   */
  public int abandonUnfinished() throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE maintenance_run SET outcome = 'ABANDONED', finished_at = now()"
                    + " WHERE outcome = 'RUNNING'")) {
      return s.executeUpdate();
    }
  }

  /** Deletes runs that started before {@code before}; returns how many. */
  public int prune(Instant before) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM maintenance_run WHERE started_at < ?")) {
      s.setTimestamp(1, Timestamp.from(before));
      return s.executeUpdate();
    }
  }

  /** The newest runs first. */
  public List<MaintenanceRun> recent(int limit) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM maintenance_run ORDER BY id DESC LIMIT ?")) {
      s.setInt(1, limit);
      return read(s);
    }
  }

  public Optional<MaintenanceRun> find(long id) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + COLUMNS + " FROM maintenance_run WHERE id = ?")) {
      s.setLong(1, id);
      return read(s).stream().findFirst();
    }
  }

  /** The newest run that did not skip and is not running (what the health check reports). */
  public Optional<MaintenanceRun> lastEnded() throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM maintenance_run WHERE outcome NOT IN ('SKIPPED', 'RUNNING')"
                    + " ORDER BY id DESC LIMIT 1")) {
      return read(s).stream().findFirst();
    }
  }

  private OptionalLong insert(
      Pass pass,
      String trigger,
      Instant scheduledFor,
      String instance,
      Instant startedAt,
      Instant finishedAt,
      RunOutcome outcome,
      String skippedBecause)
      throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO maintenance_run (pass, trigger, scheduled_for, instance, started_at,"
                    + " finished_at, outcome, skipped_because) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (pass, scheduled_for) WHERE outcome <> 'SKIPPED' DO NOTHING"
                    + " RETURNING id")) {
      s.setString(1, pass.name());
      s.setString(2, trigger);
      setInstant(s, 3, scheduledFor);
      s.setString(4, instance);
      s.setTimestamp(5, Timestamp.from(startedAt));
      setInstant(s, 6, finishedAt);
      s.setString(7, outcome.name());
      s.setString(8, skippedBecause);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  private static void setInstant(PreparedStatement s, int index, Instant value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      s.setTimestamp(index, Timestamp.from(value));
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private List<MaintenanceRun> read(PreparedStatement s) throws SQLException {
    List<MaintenanceRun> runs = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        runs.add(
            new MaintenanceRun(
                rs.getLong("id"),
                Pass.valueOf(rs.getString("pass")),
                rs.getString("trigger"),
                instant(rs, "scheduled_for"),
                rs.getString("instance"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                RunOutcome.valueOf(rs.getString("outcome")),
                rs.getString("skipped_because"),
                fromJson(rs.getString("tables"))));
      }
    }
    return runs;
  }

  private String toJson(List<TableRun> tables) throws SQLException {
    try {
      return json.writeValueAsString(tables);
    } catch (JsonProcessingException e) {
      throw new SQLException("run history: cannot serialize the run's tables", e);
    }
  }

  private List<TableRun> fromJson(String text) throws SQLException {
    try {
      return json.readValue(text, TABLES);
    } catch (JsonProcessingException e) {
      throw new SQLException("run history: unreadable tables column", e);
    }
  }
}
