package dev.precip.it;

import java.util.List;
import java.util.Locale;

/** The (b)/(a) ratios of several rounds of the writer benchmark, summarized. */
final class RoundRatios {

  private RoundRatios() {}

  static String summary(int consumers, List<Double> ratios) {
    List<Double> sorted = ratios.stream().sorted().toList();
    return String.format(
        Locale.ROOT,
        "  (b)/(a) at %d in flight over %d rounds: median %.2f, lowest %.2f, highest %.2f",
        consumers,
        sorted.size(),
        median(sorted),
        sorted.get(0),
        sorted.get(sorted.size() - 1));
  }

  static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
