package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.writer.repository.KeyLedger;
import dev.precip.writer.repository.PrecipTableRepository;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key ledger follows its table, on the real Trino, Iceberg and PostgreSQL: keys of rows written
 * before the ledger knew the table are copied in, and a table dropped and created again under its
 * name starts with an empty ledger. Each test starts from a table created anew.
 */
@QuarkusTest
@TestProfile(TableSetupIT.OwnTable.class)
class TableSetupIT {

  static final String SCHEMA = "it_setup_" + Long.toString(System.currentTimeMillis(), 36);
  private static final List<String> SOURCE = List.of("precip.records/0");

  public static class OwnTable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("writer.table.schema", SCHEMA, "quarkus.flyway.migrate-at-start", "true");
    }
  }

  @Inject TableSetup setup;
  @Inject PrecipTableRepository table;
  @Inject KeyLedger ledger;

  @Inject
  @DataSource("trino")
  AgroalDataSource trino;

  @BeforeEach
  void aTableCreatedAnew() throws Exception {
    dropTable();
    table.createIfMissing();
    setup.recheck();
  }

  @AfterEach
  void drop() throws Exception {
    dropTable();
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS iceberg." + SCHEMA);
    }
  }

  @Test
  void rowsWrittenBeforeTheLedgerKnewTheTableAreNotWrittenAgain() throws Exception {
    PrecipRecord before = record(15);
    table.insert("written-before", BatchRows.toJson(List.of(before)));

    short id = setup.ensure();

    PrecipRecord fresh = record(30);
    assertEquals(
        Set.of(PrecipRow.keyOf(fresh)),
        ledger.claim(
            id,
            UUID.randomUUID().toString(),
            SOURCE,
            List.of(PrecipRow.keyOf(before), PrecipRow.keyOf(fresh))),
        "the key of the row already in the table is held by the batch that wrote it");
  }

  @Test
  void aTableDroppedAndCreatedAgainStartsWithAnEmptyLedger() throws Exception {
    PrecipRecord r = record(45);
    short id = setup.ensure();
    String batch = UUID.randomUUID().toString();
    assertEquals(
        Set.of(PrecipRow.keyOf(r)), ledger.claim(id, batch, SOURCE, List.of(PrecipRow.keyOf(r))));
    table.insert(batch, BatchRows.toJson(List.of(r)));
    ledger.settle(batch);

    dropTable();
    setup.recheck();
    short again = setup.ensure();

    assertEquals(
        Set.of(PrecipRow.keyOf(r)),
        ledger.claim(again, UUID.randomUUID().toString(), SOURCE, List.of(PrecipRow.keyOf(r))),
        "the new, empty table's ledger holds no key of the dropped one");
  }

  private void dropTable() throws Exception {
    try (Connection c = trino.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS iceberg." + SCHEMA + ".precip_15");
    }
  }

  private static PrecipRecord record(long minute) {
    return new PrecipRecord(
        "COOP:010008",
        "QPCP",
        "raw-" + minute,
        1272672000000L + minute * 60_000,
        3,
        List.of("", "", ""),
        ",,",
        1L,
        new PageIdentity("job", "2010-05-01", "2010-05-31", 1),
        (int) minute);
  }
}
