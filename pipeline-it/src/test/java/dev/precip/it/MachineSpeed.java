package dev.precip.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How fast this machine's cores are at the moment: a fixed amount of work (sorting the same 4
 * million random numbers), timed in one thread's CPU time. The same code and settings have run at
 * half the speed on some hours of a shared 2-core machine as on others; a benchmark reports this
 * beside its figures, measured while nothing of its own runs, so that a slow figure can be told
 * from a slow hour.
 */
final class MachineSpeed {

  private static final int NUMBERS = 4_000_000;
  private static final int TRIES = 5;

  private MachineSpeed() {}

  /** Milliseconds of CPU for the work, the least of several tries (lower is faster). */
  static double workMillis() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int[] unsorted = new SplittableRandom(42).ints(NUMBERS).toArray();
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < TRIES; i++) {
      int[] numbers = unsorted.clone();
      long start = threads.getCurrentThreadCpuTime();
      Arrays.sort(numbers);
      least = Math.min(least, (threads.getCurrentThreadCpuTime() - start) / 1e6);
    }
    return least;
  }

  /** The figure as a benchmark reports it. */
  static String describe(double millis) {
    return String.format(
        Locale.ROOT,
        "%.0f ms of CPU to sort 4 million numbers (lower is faster; measured with the services idle)",
        millis);
  }
}
