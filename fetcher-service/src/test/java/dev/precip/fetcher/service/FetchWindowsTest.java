package dev.precip.fetcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchWindowsTest {

  private static final Duration YEAR = Duration.ofDays(365);

  @Test
  void aMonthIsOneWindow() {
    assertEquals(
        List.of(new FetchWindow(LocalDate.of(2010, 5, 1), LocalDate.of(2010, 5, 31))),
        FetchWindows.split(LocalDate.of(2010, 5, 1), LocalDate.of(2010, 5, 31), YEAR));
  }

  @Test
  void windowsAreContiguousAndEachUnderOneYear() {
    LocalDate start = LocalDate.of(2007, 3, 15);
    LocalDate end = LocalDate.of(2012, 8, 2);
    List<FetchWindow> windows = FetchWindows.split(start, end, YEAR);
    assertEquals(start, windows.get(0).start());
    assertEquals(end, windows.get(windows.size() - 1).end());
    for (int i = 0; i < windows.size(); i++) {
      FetchWindow w = windows.get(i);
      assertTrue(w.end().isBefore(w.start().plusYears(1)), w.toString());
      if (i > 0) {
        assertEquals(windows.get(i - 1).end().plusDays(1), w.start());
      }
    }
  }

  @Test
  void aWindowFromALeapDayStaysUnderOneYear() {
    FetchWindow first =
        FetchWindows.split(LocalDate.of(2008, 2, 29), LocalDate.of(2010, 1, 1), YEAR).get(0);
    assertTrue(first.end().isBefore(first.start().plusYears(1)), first.toString());
  }

  @Test
  void theWindowsParametersCoverWholeDays() {
    FetchWindow w = new FetchWindow(LocalDate.of(2010, 5, 1), LocalDate.of(2010, 5, 31));
    assertEquals("2010-05-01T00:00:00", w.startParam());
    assertEquals("2010-05-31T23:59:59", w.endParam());
  }

  @Test
  void anEndBeforeTheStartIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> FetchWindows.split(LocalDate.of(2010, 5, 2), LocalDate.of(2010, 5, 1), YEAR));
  }
}
