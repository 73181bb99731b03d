package dev.precip.fetcher.repository;

import dev.precip.fetcher.service.FetchSpec;
import dev.precip.fetcher.service.FetchWindow;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Fetch jobs, their windows and pages in PostgreSQL (schema by Flyway, {@code
 * db/migration/V1__fetch_jobs.sql}). The page table is the work queue shared by every instance.
 */
@ApplicationScoped
public class FetchJobRepository {

  /** Errors shown per job; the rest are counted, not listed. */
  private static final int ERRORS_SHOWN = 20;

  private static final String CLAIM =
      """
      SELECT p.job_id, p.window_start, w.window_end, p.page_offset, p.failures,
             j.dataset_id, j.start_date, j.end_date, j.station_ids, j.location_id, j.datatype_ids
      FROM fetch_page p
      JOIN fetch_window w ON w.job_id = p.job_id AND w.window_start = p.window_start
      JOIN fetch_job j ON j.id = p.job_id
      WHERE p.state = 'PENDING' AND p.not_before <= now()
      ORDER BY j.created_at, p.window_start, p.page_offset
      LIMIT 1
      FOR UPDATE OF p SKIP LOCKED
      """;

  private static final String PROGRESS =
      """
      SELECT j.id, j.dataset_id, j.start_date, j.end_date, j.station_ids, j.location_id,
             j.datatype_ids, j.created_at, j.requests, j.retries,
             (SELECT count(*) FROM fetch_window w WHERE w.job_id = j.id) AS windows,
             (SELECT count(*) FROM fetch_window w
               WHERE w.job_id = j.id AND w.result_count IS NOT NULL) AS windows_counted,
             p.done, p.pending, p.failing, p.rejected, p.in_counted, p.records, p.next_due,
             (SELECT coalesce(array_agg(e.message ORDER BY e.window_start, e.page_offset), '{}')
                FROM (SELECT f.window_start, f.page_offset,
                             f.window_start || ' offset ' || f.page_offset || ': ' || f.last_error
                             || CASE WHEN f.state = 'PENDING'
                                     THEN ' (' || f.failures || ' failed round(s), next try '
                                          || to_char(f.not_before AT TIME ZONE 'UTC',
                                                     'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')'
                                     ELSE '' END AS message
                        FROM fetch_page f
                       WHERE f.job_id = j.id AND f.last_error IS NOT NULL
                         AND (f.state = 'REJECTED' OR f.failures > 0)
                       ORDER BY f.window_start, f.page_offset
                       LIMIT %d) e) AS errors
      FROM fetch_job j
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE f.state = 'DONE') AS done,
               count(*) FILTER (WHERE f.state = 'PENDING') AS pending,
               count(*) FILTER (WHERE f.state = 'PENDING' AND f.failures > 0) AS failing,
               count(*) FILTER (WHERE f.state = 'REJECTED') AS rejected,
               count(*) FILTER (WHERE w.result_count IS NOT NULL) AS in_counted,
               coalesce(sum(f.records), 0) AS records,
               min(f.not_before) FILTER (WHERE f.state = 'PENDING') AS next_due
          FROM fetch_page f
          JOIN fetch_window w ON w.job_id = f.job_id AND w.window_start = f.window_start
         WHERE f.job_id = j.id) p
      """
          .formatted(ERRORS_SHOWN);

  private final AgroalDataSource postgres;

  public FetchJobRepository(AgroalDataSource postgres) {
    this.postgres = postgres;
  }

  /** Stores a job with its windows and the first page of each, in one transaction. */
  public void create(UUID id, FetchSpec spec, List<FetchWindow> windows) throws SQLException {
    try (Connection c = postgres.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO fetch_job (id, dataset_id, start_date, end_date, station_ids,"
                    + " location_id, datatype_ids) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          s.setObject(1, id);
          s.setString(2, spec.datasetId());
          s.setObject(3, spec.startDate());
          s.setObject(4, spec.endDate());
          s.setArray(5, c.createArrayOf("text", spec.stationIds().toArray()));
          s.setString(6, spec.locationId().orElse(null));
          s.setArray(7, c.createArrayOf("text", spec.datatypeIds().toArray()));
          s.executeUpdate();
        }
        try (PreparedStatement window =
                c.prepareStatement(
                    "INSERT INTO fetch_window (job_id, window_start, window_end) VALUES (?, ?, ?)");
            PreparedStatement firstPage =
                c.prepareStatement(
                    "INSERT INTO fetch_page (job_id, window_start, page_offset) VALUES (?, ?, 1)")) {
          for (FetchWindow w : windows) {
            window.setObject(1, id);
            window.setObject(2, w.start());
            window.setObject(3, w.end());
            window.addBatch();
            firstPage.setObject(1, id);
            firstPage.setObject(2, w.start());
            firstPage.addBatch();
          }
          window.executeBatch();
          firstPage.executeBatch();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Claims the oldest due page no other worker holds, or none. The claim keeps a connection and its
   * transaction open until it ends: close it.
   */
  public Optional<PageClaim> claimNext() throws SQLException {
    Connection c = postgres.getConnection();
    try {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement(CLAIM);
          ResultSet rs = s.executeQuery()) {
        if (rs.next()) {
          ClaimedPage page =
              new ClaimedPage(
                  rs.getObject("job_id", UUID.class),
                  spec(rs),
                  new FetchWindow(
                      rs.getObject("window_start", LocalDate.class),
                      rs.getObject("window_end", LocalDate.class)),
                  rs.getInt("page_offset"),
                  rs.getInt("failures"));
          return Optional.of(new PageClaim(c, page));
        }
      }
      c.rollback();
      c.setAutoCommit(true);
      c.close();
      return Optional.empty();
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Adds the requests one page's fetch made; kept apart so a failed claim still counts them. */
  public void addRequests(UUID jobId, int requests, int retries) throws SQLException {
    if (requests == 0) {
      return;
    }
    try (Connection c = postgres.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE fetch_job SET requests = requests + ?, retries = retries + ? WHERE id = ?")) {
      s.setInt(1, requests);
      s.setInt(2, retries);
      s.setObject(3, jobId);
      s.executeUpdate();
    }
  }

  public Optional<JobProgress> find(UUID id) throws SQLException {
    List<JobProgress> found = query(PROGRESS + " WHERE j.id = ?", id);
    return found.stream().findFirst();
  }

  /** Every job, oldest first. */
  public List<JobProgress> all() throws SQLException {
    return query(PROGRESS + " ORDER BY j.created_at", null);
  }

  /** Jobs with pages still to fetch, oldest first. */
  public List<JobProgress> unfinished() throws SQLException {
    return query(PROGRESS + " WHERE p.pending > 0 ORDER BY j.created_at", null);
  }

  private List<JobProgress> query(String sql, UUID id) throws SQLException {
    try (Connection c = postgres.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (id != null) {
        s.setObject(1, id);
      }
      List<JobProgress> jobs = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Timestamp nextDue = rs.getTimestamp("next_due");
          jobs.add(
              new JobProgress(
                  rs.getObject("id", UUID.class),
                  spec(rs),
                  rs.getTimestamp("created_at").toInstant(),
                  rs.getInt("windows"),
                  rs.getInt("windows_counted"),
                  rs.getInt("done"),
                  rs.getInt("pending"),
                  rs.getInt("failing"),
                  rs.getInt("rejected"),
                  rs.getInt("in_counted"),
                  rs.getLong("records"),
                  rs.getLong("requests"),
                  rs.getLong("retries"),
                  Optional.ofNullable(nextDue).map(Timestamp::toInstant),
                  strings(rs.getArray("errors"))));
        }
      }
      return jobs;
    }
  }

  private static FetchSpec spec(ResultSet rs) throws SQLException {
    return new FetchSpec(
        rs.getString("dataset_id"),
        rs.getObject("start_date", LocalDate.class),
        rs.getObject("end_date", LocalDate.class),
        strings(rs.getArray("station_ids")),
        Optional.ofNullable(rs.getString("location_id")),
        strings(rs.getArray("datatype_ids")));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
