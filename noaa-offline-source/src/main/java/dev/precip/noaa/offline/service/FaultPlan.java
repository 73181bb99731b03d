package dev.precip.noaa.offline.service;

import dev.precip.noaa.offline.config.OfflineSourceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides each request's fault from the seed, the request (its query) and how many times that same
 * request was made before: a rerun with the same seed meets the same faults at the same requests,
 * whatever the timing, and a retried request draws again, so retries can succeed.
 */
@ApplicationScoped
public class FaultPlan {

  private final FaultShares shares;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  public FaultPlan(OfflineSourceConfig config) {
    this.shares = FaultShares.of(config.faults());
  }

  public Fault next(String request) {
    int attempt = attempts.computeIfAbsent(request, r -> new AtomicInteger()).getAndIncrement();
    return decide(shares, request, attempt);
  }

  static Fault decide(FaultShares faults, String request, int attempt) {
    double draw =
        new SplittableRandom(faults.seed() * 31 + request.hashCode() * 17L + attempt).nextDouble();
    double[] parts = {
      faults.serverError(),
      faults.badGateway(),
      faults.html(),
      faults.truncated(),
      faults.empty(),
      faults.slow()
    };
    Fault[] kinds = {
      Fault.SERVER_ERROR, Fault.BAD_GATEWAY, Fault.HTML, Fault.TRUNCATED, Fault.EMPTY, Fault.SLOW
    };
    double edge = 0;
    for (int i = 0; i < parts.length; i++) {
      edge += parts[i];
      if (draw < edge) {
        return kinds[i];
      }
    }
    return Fault.NONE;
  }
}
