package dev.precip.writer.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatementTimeoutCheckTest {

  @Test
  void theDefaultsAreSafe() {
    assertDoesNotThrow(
        () ->
            StatementTimeoutCheck.verify(
                Duration.ofSeconds(20),
                Duration.ofMillis(StatementTimeoutCheck.KAFKA_DEFAULT_SESSION_TIMEOUT_MS)));
  }

  @Test
  void aStatementTimeoutOverHalfTheSessionTimeoutIsRefusedWithBothValues() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> StatementTimeoutCheck.verify(Duration.ofSeconds(4), Duration.ofSeconds(6)));
    assertTrue(refused.getMessage().contains("PT4S"), refused.getMessage());
    assertTrue(refused.getMessage().contains("PT6S"), refused.getMessage());
  }
}
