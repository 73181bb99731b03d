package dev.precip.it;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU that named processes took over a stretch of wall-clock time, in cores: on a machine whose
 * cores every process shares, what one part of a benchmark left to the others.
 */
final class CpuShares {

  private final Map<String, Long> pids;
  private final Map<String, Double> startSeconds = new LinkedHashMap<>();
  private final long startNanos;

  private CpuShares(Map<String, Long> pids) {
    this.pids = Map.copyOf(pids);
    pids.forEach((name, pid) -> startSeconds.put(name, ProcessUsage.of(pid).cpuSeconds()));
    this.startNanos = System.nanoTime();
  }

  /** Starts counting for these processes, by name. */
  static CpuShares from(Map<String, Long> pids) {
    return new CpuShares(pids);
  }

  /**
   * Cores each process used since the start, largest first, e.g. {@code trino 1.52, kafka 0.10}.
   */
  String cores() {
    double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Double> cores = new LinkedHashMap<>();
    pids.forEach(
        (name, pid) ->
            cores.put(
                name, (ProcessUsage.of(pid).cpuSeconds() - startSeconds.get(name)) / wallSeconds));
    return cores.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
