package dev.precip.writer.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.writer.service.PrecipRow;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key ledger on the real PostgreSQL of the local stack, migrated by Flyway as the writer does;
 * each test has a table of its own in it.
 */
@QuarkusTest
@TestProfile(KeyLedgerIT.Migrated.class)
class KeyLedgerIT {

  public static class Migrated implements QuarkusTestProfile {
    @Override
    public java.util.Map<String, String> getConfigOverrides() {
      return java.util.Map.of("quarkus.flyway.migrate-at-start", "true");
    }
  }

  private static final List<String> P0 = List.of("precip.records/0");
  private static final PrecipRow K1 = new PrecipRow("COOP:010008", "QPCP", 1000L);
  private static final PrecipRow K2 = new PrecipRow("COOP:010008", "QPCP", 2000L);
  private static final PrecipRow K3 = new PrecipRow("COOP:010015", "QGAG", 2000L);

  @Inject KeyLedger ledger;
  @Inject AgroalDataSource postgres;

  private final ExecutorService writers = Executors.newFixedThreadPool(2);
  private final String tableName = "it.ledger." + UUID.randomUUID();
  private final String prefix = UUID.randomUUID() + "-";
  private short table;

  @BeforeEach
  void ownTable() throws Exception {
    try (TableLedger keys = ledger.lockTable(tableName)) {
      keys.reset("generation-1");
      keys.markSeeded();
      keys.commit();
      table = keys.id();
    }
  }

  /** Batch ids are unique across tables; each test has its own. */
  private String id(String name) {
    return prefix + name;
  }

  @AfterEach
  void stop() {
    writers.shutdownNow();
  }

  @Test
  void aKeyIsClaimedByTheFirstBatchOnly() throws Exception {
    assertEquals(Set.of(K1, K2), ledger.claim(table, id("b1"), P0, List.of(K1, K2)));
    assertEquals(Set.of(K3), ledger.claim(table, id("b2"), P0, List.of(K2, K3)));
    assertEquals(Set.of(), ledger.claim(table, id("b3"), P0, List.of(K1, K2, K3)));
  }

  @Test
  void aBatchWithSomeKeysHeldIsRecordedWithTheRowsItClaimed() throws Exception {
    ledger.claim(table, id("b1"), P0, List.of(K1));

    assertEquals(Set.of(K2, K3), ledger.claim(table, id("b2"), P0, List.of(K1, K2, K3)));

    assertEquals(
        List.of(new LedgerBatch(id("b2"), 2, 2000L, 2000L)),
        ledger.unsettled(table, P0).stream()
            .map(UnsettledBatch::batch)
            .filter(b -> b.batchId().equals(id("b2")))
            .toList());
  }

  @Test
  void aClaimPostgreSqlRefusesFailsAndClaimsNothing() throws Exception {
    short unknownTable = Short.MAX_VALUE;

    SQLException refused =
        assertThrows(
            SQLException.class,
            () -> ledger.claim(unknownTable, id("b1"), P0, List.of(K1, K2)),
            "the batch's row names a table the ledger does not know");

    assertEquals("23503", refused.getSQLState());
    try (Connection c = postgres.getConnection();
        PreparedStatement keys =
            c.prepareStatement("SELECT count(*) FROM natural_keys WHERE table_id = ?")) {
      keys.setShort(1, unknownTable);
      try (ResultSet rs = keys.executeQuery()) {
        rs.next();
        assertEquals(0, rs.getLong(1), "the keys went back with the batch's row");
      }
    }
  }

  @Test
  void hostileKeysAreClaimedAsTheyAre() throws Exception {
    PrecipRow hostile = new PrecipRow("COOP:'); DROP TABLE natural_keys; --", "é☃\"\\", 5L);
    assertEquals(Set.of(hostile), ledger.claim(table, id("b1"), P0, List.of(hostile)));
    assertEquals(Set.of(), ledger.claim(table, id("b2"), P0, List.of(hostile)));
  }

  @Test
  void theSameKeysClaimedByTwoWritersAtOnceGoEachToOne() throws Exception {
    List<PrecipRow> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(new PrecipRow("COOP:" + (10000 + i % 7), "QPCP", i * 900_000L));
    }
    CyclicBarrier together = new CyclicBarrier(2);
    List<CompletableFuture<Set<PrecipRow>>> both = new ArrayList<>();
    for (String batch : List.of(id("left"), id("right"))) {
      both.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  together.await(10, TimeUnit.SECONDS);
                  return ledger.claim(table, batch, P0, keys);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              writers));
    }
    Set<PrecipRow> left = both.get(0).get(1, TimeUnit.MINUTES);
    Set<PrecipRow> right = both.get(1).get(1, TimeUnit.MINUTES);
    assertEquals(500, left.size() + right.size());
    Set<PrecipRow> all = new HashSet<>(left);
    all.addAll(right);
    assertEquals(Set.copyOf(keys), all);
  }

  @Test
  void onlySettledBatchesAreNamedAsHoldersOfAKey() throws Exception {
    ledger.claim(table, id("b1"), P0, List.of(K1, K2));
    assertEquals(List.of(), ledger.holders(table, id("b2"), List.of(K1)), "b1 is not settled yet");

    ledger.settle(id("b1"));

    assertEquals(
        List.of(new LedgerBatch(id("b1"), 2, 1000L, 2000L)),
        ledger.holders(table, id("b2"), List.of(K1)));
    assertEquals(List.of(), ledger.holders(table, id("b1"), List.of(K1)), "not its own holder");
  }

  @Test
  void anUnsettledBatchIsFoundByAnyOfItsSourcesUntilSettled() throws Exception {
    ledger.claim(table, id("b1"), List.of("precip.records/0", "precip.records/2"), List.of(K1));

    List<UnsettledBatch> found = ledger.unsettled(table, List.of("precip.records/2"));
    assertEquals(1, found.size());
    assertEquals(new LedgerBatch(id("b1"), 1, 1000L, 1000L), found.get(0).batch());
    assertFalse(found.get(0).sinceClaim().isNegative());
    assertEquals(List.of(), ledger.unsettled(table, List.of("precip.records/1")));

    ledger.settle(id("b1"));
    assertEquals(List.of(), ledger.unsettled(table, List.of("precip.records/2")));
  }

  @Test
  void aBatchThatClaimsNothingIsNotRecorded() throws Exception {
    ledger.claim(table, id("b1"), P0, List.of(K1));
    ledger.settle(id("b1"));

    assertEquals(Set.of(), ledger.claim(table, id("b2"), P0, List.of(K1)));

    assertEquals(List.of(), ledger.unsettled(table, P0), "b2 would stay unsettled forever");
  }

  @Test
  void resolvingKeepsTheKeysTheTableHoldsAndReleasesTheOthers() throws Exception {
    ledger.claim(table, id("b1"), P0, List.of(K1, K2, K3));

    LedgerBatch settled = ledger.resolve(table, id("b1"), Set.of(K2));

    assertEquals(new LedgerBatch(id("b1"), 1, 2000L, 2000L), settled);
    assertEquals(List.of(), ledger.unsettled(table, P0));
    assertEquals(Set.of(K1, K3), ledger.claim(table, id("b2"), P0, List.of(K1, K2, K3)));
  }

  @Test
  void aBatchTheTableDoesNotHoldIsForgottenAndItsKeysReleased() throws Exception {
    ledger.claim(table, id("b1"), P0, List.of(K1, K2));

    assertNull(ledger.resolve(table, id("b1"), Set.of()));

    assertEquals(List.of(), ledger.unsettled(table, P0));
    assertEquals(Set.of(K1, K2), ledger.claim(table, id("b2"), P0, List.of(K1, K2)));
  }

  @Test
  void aResetForgetsEveryKeyAndASeedAddsTheTablesKeysAsSettled() throws Exception {
    ledger.claim(table, id("b1"), P0, List.of(K1));
    try (TableLedger keys = ledger.lockTable(tableName)) {
      keys.reset("generation-2");
      keys.addKeys(List.of(new HeldKey(K2, id("seeded"))));
      keys.addBatch(new LedgerBatch(id("seeded"), 1, 2000L, 2000L));
      keys.markSeeded();
      keys.commit();
      assertEquals("generation-1", keys.generation(), "the generation it was opened with");
    }
    assertEquals(Set.of(K1), ledger.claim(table, id("b2"), P0, List.of(K1, K2)));
    assertEquals(
        List.of(new LedgerBatch(id("seeded"), 1, 2000L, 2000L)),
        ledger.holders(table, id("b3"), List.of(K2)));
  }

  @Test
  void aSecondWriterWaitsForTheTableLedgerHeldByTheFirst() throws Exception {
    String name = "it.ledger.lock." + UUID.randomUUID();
    CompletableFuture<String> second;
    try (TableLedger first = ledger.lockTable(name)) {
      second =
          CompletableFuture.supplyAsync(
              () -> {
                try (TableLedger keys = ledger.lockTable(name)) {
                  return keys.generation();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              writers);
      Thread.sleep(700);
      assertFalse(second.isDone(), "the second writer did not wait");
      first.reset("generation-x");
      first.commit();
    }
    assertEquals("generation-x", second.get(30, TimeUnit.SECONDS));
    assertTrue(second.isDone());
  }
}
