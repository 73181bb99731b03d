package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.contracts.OffsetRange;
import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two writers handed the same batch from the same Kafka partition at the same moment, as after a
 * rebalance that moved the partition mid-statement: on the real Trino, Iceberg and PostgreSQL, the
 * table holds each row once, written by one of them (the key ledger gives each key to one batch).
 */
@QuarkusTest
@TestProfile(ConcurrentWritesIT.OwnTable.class)
class ConcurrentWritesIT {

  static final String SCHEMA = "it_fence_" + Long.toString(System.currentTimeMillis(), 36);
  private static final int ROWS = 200;
  private static final int ROUNDS = 3;

  public static class OwnTable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("writer.table.schema", SCHEMA, "quarkus.flyway.migrate-at-start", "true");
    }
  }

  @Inject BatchWriter writer;
  @Inject TableSetup setup;

  @Inject
  @DataSource("trino")
  AgroalDataSource trino;

  private final ExecutorService writers = Executors.newFixedThreadPool(2);

  @AfterEach
  void drop() throws Exception {
    writers.shutdownNow();
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS iceberg." + SCHEMA + ".precip_15");
      s.execute("DROP SCHEMA IF EXISTS iceberg." + SCHEMA);
    }
  }

  @Test
  void twoWritersOfOnePartitionWritingTheSameBatchAtOnceLeaveEachRowOnce() throws Exception {
    writeEachBatchTwiceAtOnce(false);
  }

  @Test
  void twoWritersClaimingTheSameBatchAheadAtOnceLeaveEachRowOnce() throws Exception {
    writeEachBatchTwiceAtOnce(true);
  }

  /** Each round, two threads write the same batch of one partition at the same moment. */
  private void writeEachBatchTwiceAtOnce(boolean claimAhead) throws Exception {
    // the table of an earlier test was dropped: create it again, with a ledger of its own
    setup.recheck();
    setup.ensure();
    List<OffsetRange> partition = List.of(new OffsetRange("precip.records", 1, 100, 299));
    for (int round = 0; round < ROUNDS; round++) {
      List<PrecipRecord> batch = batch(round);
      CyclicBarrier together = new CyclicBarrier(2);
      List<CompletableFuture<WriteResult>> both = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        both.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    together.await(10, TimeUnit.SECONDS);
                    return claimAhead
                        ? writer.write(batch, partition, writer.claimAhead(batch, partition))
                        : writer.write(batch, partition);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                },
                writers));
      }
      long inserted = 0;
      for (CompletableFuture<WriteResult> one : both) {
        inserted += one.get(2, TimeUnit.MINUTES).batch().rows();
      }
      assertEquals(ROWS, inserted, "rows inserted by the two writers together, round " + round);
    }
    assertEquals(ROWS * ROUNDS, count("SELECT count(*) FROM iceberg." + SCHEMA + ".precip_15"));
    assertEquals(
        0,
        count(
            "SELECT count(*) FROM (SELECT station, datatype, observed_at FROM iceberg."
                + SCHEMA
                + ".precip_15 GROUP BY 1, 2, 3 HAVING count(*) > 1)"),
        "natural keys held twice");
  }

  private static List<PrecipRecord> batch(int round) {
    List<PrecipRecord> rows = new ArrayList<>();
    PageIdentity page = new PageIdentity("job", "2010-05-01", "2010-05-31", round + 1);
    for (int i = 0; i < ROWS; i++) {
      long minute = (long) round * ROWS + i;
      rows.add(
          new PrecipRecord(
              "COOP:" + (10000 + i % 20),
              "QPCP",
              "raw-" + minute,
              1272672000000L + minute * 15 * 60_000,
              i,
              List.of("", "", ""),
              ",,",
              1L,
              page,
              i));
    }
    return rows;
  }

  private long count(String sql) throws Exception {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
