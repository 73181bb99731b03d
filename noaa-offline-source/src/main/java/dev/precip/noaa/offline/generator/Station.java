package dev.precip.noaa.offline.generator;

/** A generated Fischer-Porter gauge station. */
public record Station(String id, String location) {}
