package dev.precip.metrics.service;

/** Data quality of one station: observations, missing ones (value 99999) and their share in %. */
public record StationMetrics(String station, long total, long missing, double missingPct) {}
