package dev.precip.fetcher.service;

import java.time.LocalDate;

/** An inclusive range of days fetched with one paged request series. */
public record FetchWindow(LocalDate start, LocalDate end) {

  /** {@code startdate} as NOAA takes it: the first instant of the first day. */
  public String startParam() {
    return start + "T00:00:00";
  }

  /** {@code enddate} as NOAA takes it: the last second of the last day. */
  public String endParam() {
    return end + "T23:59:59";
  }
}
