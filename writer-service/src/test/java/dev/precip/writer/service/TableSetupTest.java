package dev.precip.writer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.precip.writer.repository.KeyLedger;
import dev.precip.writer.repository.LedgerBatch;
import dev.precip.writer.repository.PrecipTableRepository;
import dev.precip.writer.repository.TableLedger;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class TableSetupTest {

  private static final String NAME = "iceberg.noaa.precip_15";
  private static final String IDENTITY = "created-at=2026-11-27T12:00:00Z;location=s3://w/t-1;";

  private final PrecipTableRepository table = mock(PrecipTableRepository.class);
  private final KeyLedger ledger = mock(KeyLedger.class);
  private final TableLedger keys = mock(TableLedger.class);
  private final TableSetup setup = new TableSetup(table, ledger, NAME);

  @BeforeEach
  void theTableExists() throws Exception {
    when(table.identity()).thenReturn(IDENTITY);
    when(ledger.lockTable(NAME)).thenReturn(keys);
    when(keys.id()).thenReturn((short) 3);
    when(table.batches()).thenReturn(List.of(new LedgerBatch("b1", 2, 1L, 2L)));
  }

  @Test
  void aLedgerOfThisTableIsUsedAsItIs() throws Exception {
    when(keys.generation()).thenReturn(IDENTITY);
    when(keys.seeded()).thenReturn(true);

    assertEquals(3, setup.ensure());

    verify(keys, never()).reset(any());
    verify(table, never()).readKeys(anyInt(), any());
    verify(keys).commit();
  }

  @Test
  void aTableWrittenBeforeItsLedgerHasItsKeysAndBatchesCopiedIn() throws Exception {
    when(keys.generation()).thenReturn(null);

    setup.ensure();

    InOrder order = inOrder(table, keys);
    order.verify(table).createIfMissing();
    order.verify(keys).reset(IDENTITY);
    order.verify(table).readKeys(eq(TableSetup.SEED_CHUNK), any());
    order.verify(keys).addBatch(new LedgerBatch("b1", 2, 1L, 2L));
    order.verify(keys).markSeeded();
    order.verify(keys).commit();
  }

  @Test
  void aLedgerOfADroppedTableOfTheSameNameIsClearedAndFilledFromTheNewOne() throws Exception {
    when(keys.generation()).thenReturn("created-at=2026-01-01T00:00:00Z;location=s3://w/t-0;");
    when(keys.seeded()).thenReturn(true);

    setup.ensure();

    verify(keys).reset(IDENTITY);
    verify(keys).markSeeded();
  }

  @Test
  void theTableIsPreparedOnceUntilARecheckIsAsked() throws Exception {
    when(keys.generation()).thenReturn(IDENTITY);
    when(keys.seeded()).thenReturn(true);

    setup.ensure();
    setup.ensure();
    verify(table, times(1)).createIfMissing();

    setup.recheck();
    setup.ensure();
    verify(table, times(2)).createIfMissing();
  }
}
