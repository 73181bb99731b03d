package dev.precip.contracts;

/** Kafka header names the fetcher sets on every raw page of {@code noaa.pages.raw}. */
public final class RawPageHeaders {

  /** Fetch job id. */
  public static final String JOB_ID = "noaa-job-id";

  /** First day of the window, {@code YYYY-MM-DD}. */
  public static final String WINDOW_START = "noaa-window-start";

  /** Last day of the window, {@code YYYY-MM-DD}. */
  public static final String WINDOW_END = "noaa-window-end";

  /** 1-based result offset of the page. */
  public static final String OFFSET = "noaa-offset";

  /** Epoch milliseconds at which the page was received. */
  public static final String FETCHED_AT = "noaa-fetched-at";

  /** Dataset id, e.g. {@code PRECIP_15}. */
  public static final String DATASET = "noaa-dataset";

  private RawPageHeaders() {}
}
