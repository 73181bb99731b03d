package dev.precip.fetcher.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * A claimed page and the open transaction that holds its row lock. Exactly one of {@link #done},
 * {@link #deferred} or {@link #rejected} ends it; closing without them gives the page back as it
 * was. If the process dies, PostgreSQL ends the transaction and the page is free again at once.
 */
public final class PageClaim implements AutoCloseable {

  private final Connection connection;
  private final ClaimedPage page;
  private boolean ended;

  PageClaim(Connection connection, ClaimedPage page) {
    this.connection = connection;
    this.page = page;
  }

  public ClaimedPage page() {
    return page;
  }

  /**
   * The page was published (or the window is empty). Records the window's count and adds the
   * window's other pages up to it, for any worker to claim.
   */
  public void done(int records, int windowCount, int pageLimit) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE fetch_page SET state = 'DONE', records = ?, published_at = now(),"
                + " last_error = NULL WHERE job_id = ? AND window_start = ? AND page_offset = ?")) {
      s.setInt(1, records);
      bindPage(s, 2);
      s.executeUpdate();
    }
    boolean countGrew;
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE fetch_window SET result_count = ? WHERE job_id = ? AND window_start = ?"
                + " AND (result_count IS NULL OR result_count < ?)")) {
      s.setInt(1, windowCount);
      s.setObject(2, page.jobId());
      s.setObject(3, page.window().start());
      s.setInt(4, windowCount);
      countGrew = s.executeUpdate() == 1;
    }
    // Only the claim that tells (or raises) the count adds pages: usually offset 1, before any
    // other page of the window exists. Inserting from every claim would wait on the page rows
    // other claims are updating while they wait on this window row: a deadlock.
    if (countGrew) {
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT INTO fetch_page (job_id, window_start, page_offset)"
                  + " SELECT ?, ?, o FROM generate_series(1, ?, ?) AS o ON CONFLICT DO NOTHING")) {
        s.setObject(1, page.jobId());
        s.setObject(2, page.window().start());
        s.setInt(3, windowCount);
        s.setInt(4, pageLimit);
        s.executeUpdate();
      }
    }
    commit();
  }

  /**
   * The page could not be fetched now; it is due again at {@code notBefore}.
   *
   * @param failed whether this counts as a failed round (a spent quota does not)
   */
  public void deferred(Instant notBefore, String error, boolean failed) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE fetch_page SET not_before = ?, last_error = ?, failures = failures + ?"
                + " WHERE job_id = ? AND window_start = ? AND page_offset = ?")) {
      s.setTimestamp(1, Timestamp.from(notBefore));
      s.setString(2, storable(error));
      s.setInt(3, failed ? 1 : 0);
      bindPage(s, 4);
      s.executeUpdate();
    }
    commit();
  }

  /** NOAA rejected the request (400): retrying cannot help, the job fails with the message. */
  public void rejected(String error) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE fetch_page SET state = 'REJECTED', last_error = ?"
                + " WHERE job_id = ? AND window_start = ? AND page_offset = ?")) {
      s.setString(1, storable(error));
      bindPage(s, 2);
      s.executeUpdate();
    }
    commit();
  }

  /** PostgreSQL refuses NUL in text; an error that held one must still be recorded. */
  private static String storable(String error) {
    return error == null ? null : error.replace("\u0000", "\\u0000");
  }

  private void bindPage(PreparedStatement s, int first) throws SQLException {
    s.setObject(first, page.jobId());
    s.setObject(first + 1, page.window().start());
    s.setInt(first + 2, page.offset());
  }

  private void commit() throws SQLException {
    connection.commit();
    ended = true;
  }

  @Override
  public void close() throws SQLException {
    try {
      if (!ended) {
        connection.rollback();
      }
    } finally {
      try {
        connection.setAutoCommit(true);
      } finally {
        connection.close();
      }
    }
  }
}
