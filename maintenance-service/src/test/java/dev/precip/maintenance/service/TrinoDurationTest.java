package dev.precip.maintenance.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrinoDurationTest {

  @Test
  void readsTheTextShowSessionPrints() {
    assertEquals(Duration.ofDays(7), TrinoDuration.parse("7.00d"));
    assertEquals(Duration.ofMinutes(1), TrinoDuration.parse("1.00m"));
    assertEquals(Duration.ofMillis(1500), TrinoDuration.parse("1.50s"));
    assertEquals(Duration.ZERO, TrinoDuration.parse("0.00s"));
    assertEquals(Duration.ofMillis(250), TrinoDuration.parse("250ms"));
  }

  @Test
  void refusesWhatIsNotADuration() {
    assertThrows(IllegalArgumentException.class, () -> TrinoDuration.parse("7 days"));
    assertThrows(IllegalArgumentException.class, () -> TrinoDuration.parse("3.00w"));
  }
}
