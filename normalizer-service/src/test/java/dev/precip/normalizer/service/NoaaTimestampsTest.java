package dev.precip.normalizer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.format.DateTimeParseException;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class NoaaTimestampsTest {

  @Test
  void readsTheWallClockAsUtc() {
    assertEquals(1272672900000L, NoaaTimestamps.toEpochMillis("2010-05-01T00:15:00"));
  }

  @Test
  void midnightIsTheStartOfTheDay() {
    assertEquals(1272672000000L, NoaaTimestamps.toEpochMillis("2010-05-01T00:00:00"));
  }

  @Test
  void aLeapDayIsAccepted() {
    assertEquals(1204243200000L, NoaaTimestamps.toEpochMillis("2008-02-29T00:00:00"));
  }

  @Test
  void aDayThatDoesNotExistIsRejected() {
    assertThrows(
        DateTimeParseException.class, () -> NoaaTimestamps.toEpochMillis("2010-02-29T00:00:00"));
  }

  @Test
  void aDstLookingTimeDoesNotDependOnTheHostZone() {
    TimeZone original = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
      // 02:30 does not exist in New York on 2010-03-14; as a UTC wall clock it is unambiguous
      long inNewYork = NoaaTimestamps.toEpochMillis("2010-03-14T02:30:00");
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      assertEquals(inNewYork, NoaaTimestamps.toEpochMillis("2010-03-14T02:30:00"));
      assertEquals(1268533800000L, inNewYork);
    } finally {
      TimeZone.setDefault(original);
    }
  }

  @Test
  void aTimestampWithAZoneIsRejected() {
    assertThrows(
        DateTimeParseException.class, () -> NoaaTimestamps.toEpochMillis("2010-05-01T00:15:00Z"));
  }
}
