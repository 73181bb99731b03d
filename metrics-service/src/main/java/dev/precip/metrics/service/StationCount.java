package dev.precip.metrics.service;

/** One station's rows in one batch: how many, and how many are missing (value 99999). */
public record StationCount(String station, long total, long missing) {}
