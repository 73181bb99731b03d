package dev.precip.noaa.offline.service;

/** What the source does to one request instead of (or to) its normal answer. */
public enum Fault {
  NONE,
  SERVER_ERROR,
  BAD_GATEWAY,
  HTML,
  TRUNCATED,
  EMPTY,
  SLOW
}
