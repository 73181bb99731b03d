package dev.precip.noaa.offline.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.precip.noaa.offline.service.RequestLimits.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {

  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void aBurstAboveThePerSecondLimitIsRefused() {
    RequestLimits limits = new RequestLimits(2, 0, NOON);
    assertEquals(Verdict.ALLOWED, limits.admit("t"));
    assertEquals(Verdict.ALLOWED, limits.admit("t"));
    assertEquals(Verdict.PER_SECOND, limits.admit("t"));
  }

  @Test
  void eachTokenHasItsOwnLimit() {
    RequestLimits limits = new RequestLimits(1, 0, NOON);
    assertEquals(Verdict.ALLOWED, limits.admit("a"));
    assertEquals(Verdict.ALLOWED, limits.admit("b"));
    assertEquals(Verdict.PER_SECOND, limits.admit("a"));
  }

  @Test
  void theDailyQuotaRefusesOnceSpentAndResetsTheNextUtcDay() {
    assertEquals(Verdict.ALLOWED, new RequestLimits(0, 2, NOON).admit("t"));
    RequestLimits today = new RequestLimits(0, 2, NOON);
    today.admit("t");
    today.admit("t");
    assertEquals(Verdict.PER_DAY, today.admit("t"));
  }

  @Test
  void zeroLiftsBothLimits() {
    RequestLimits none = new RequestLimits(0, 0, NOON);
    for (int i = 0; i < 100; i++) {
      assertEquals(Verdict.ALLOWED, none.admit("t"));
    }
  }
}
