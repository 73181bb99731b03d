package dev.precip.fetcher.service;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Splits a date range into consecutive windows that NOAA accepts (each under one year). */
public final class FetchWindows {

  private FetchWindows() {}

  /**
   * @param start first day, inclusive
   * @param end last day, inclusive
   * @param maxWindow longest window; whole days, at most 365 (a 366-day window would reach one
   *     year)
   */
  public static List<FetchWindow> split(LocalDate start, LocalDate end, Duration maxWindow) {
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    long days = maxWindow.toDays();
    if (days < 1 || days > 365) {
      throw new IllegalArgumentException("a window must be 1 to 365 days, got " + maxWindow);
    }
    List<FetchWindow> windows = new ArrayList<>();
    LocalDate from = start;
    while (!from.isAfter(end)) {
      LocalDate to = from.plusDays(days - 1);
      // one year from Feb 29 or across one is still "less than one year" only if it ends earlier
      if (!to.isBefore(from.plusYears(1))) {
        to = from.plusYears(1).minusDays(1);
      }
      if (to.isAfter(end)) {
        to = end;
      }
      windows.add(new FetchWindow(from, to));
      from = to.plusDays(1);
    }
    return windows;
  }
}
