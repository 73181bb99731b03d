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

/** The run history of all replicas, in PostgreSQL ({@code maintenance_run}, Flyway V1). */
@ApplicationScoped
public class RunHistoryRepository {

  private static final TypeReference<List<TableRun>> TABLES = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, pass, trigger, instance, started_at, finished_at, outcome, skipped_because, tables";

  private final AgroalDataSource postgres;
  private final ObjectMapper json;

  public RunHistoryRepository(AgroalDataSource postgres, ObjectMapper json) {
    this.postgres = postgres;
    this.json = json;
  }

  /** Records a run that has just taken the lock; returns its id. */
  public long started(Pass pass, String trigger, String instance, Instant startedAt)
      throws SQLException {
    return insert(pass, trigger, instance, startedAt, null, RunOutcome.RUNNING, null);
  }

  /** Records a run that did not take the lock. */
  public long skipped(
      Pass pass, String trigger, String instance, Instant startedAt, String skippedBecause)
      throws SQLException {
    return insert(
        pass, trigger, instance, startedAt, Instant.now(), RunOutcome.SKIPPED, skippedBecause);
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

  private long insert(
      Pass pass,
      String trigger,
      String instance,
      Instant startedAt,
      Instant finishedAt,
      RunOutcome outcome,
      String skippedBecause)
      throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO maintenance_run (pass, trigger, instance, started_at, finished_at,"
                    + " outcome, skipped_because) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      s.setString(1, pass.name());
      s.setString(2, trigger);
      s.setString(3, instance);
      s.setTimestamp(4, Timestamp.from(startedAt));
      if (finishedAt == null) {
        s.setNull(5, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        s.setTimestamp(5, Timestamp.from(finishedAt));
      }
      s.setString(6, outcome.name());
      s.setString(7, skippedBecause);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private List<MaintenanceRun> read(PreparedStatement s) throws SQLException {
    List<MaintenanceRun> runs = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Timestamp finished = rs.getTimestamp("finished_at");
        runs.add(
            new MaintenanceRun(
                rs.getLong("id"),
                Pass.valueOf(rs.getString("pass")),
                rs.getString("trigger"),
                rs.getString("instance"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
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
