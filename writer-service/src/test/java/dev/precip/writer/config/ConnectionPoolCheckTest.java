package dev.precip.writer.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectionPoolCheckTest {

  @Test
  void aPoolWithTheConnectionsEveryConsumerHoldsIsAccepted() {
    assertDoesNotThrow(
        () -> ConnectionPoolCheck.verify(3, 2, "quarkus.datasource.jdbc.max-size", 6));
  }

  @Test
  void aPoolSmallerThanTheConsumersIsRefusedNamingThePool() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> ConnectionPoolCheck.verify(4, 1, "quarkus.datasource.trino.jdbc.max-size", 2));
    assertTrue(refused.getMessage().contains("writer.consumers (4)"), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("quarkus.datasource.trino.jdbc.max-size is 2"),
        refused.getMessage());
  }

  @Test
  void aPostgresPoolWithOneConnectionPerConsumerIsRefused() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> ConnectionPoolCheck.verify(3, 2, "quarkus.datasource.jdbc.max-size", 3));
    assertTrue(refused.getMessage().contains("at least 6 connections"), refused.getMessage());
  }
}
