package dev.precip.noaa.offline.service;

import dev.precip.noaa.offline.config.OfflineSourceConfig;

/** The seed and the share of requests meeting each fault. */
public record FaultShares(
    long seed,
    double serverError,
    double badGateway,
    double html,
    double truncated,
    double empty,
    double slow) {

  public static FaultShares of(OfflineSourceConfig.Faults faults) {
    return new FaultShares(
        faults.seed(),
        faults.serverError(),
        faults.badGateway(),
        faults.html(),
        faults.truncated(),
        faults.empty(),
        faults.slow());
  }

  /** Only server errors, with the given share. */
  public static FaultShares serverErrors(long seed, double share) {
    return new FaultShares(seed, share, 0, 0, 0, 0, 0);
  }
}
