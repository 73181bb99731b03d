package dev.precip.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory and CPU time as Linux's {@code /proc} reports them.
 *
 * @param rssMib resident set size, MiB
 * @param cpuSeconds user plus system CPU time consumed since the process started
 */
record ProcessUsage(double rssMib, double cpuSeconds) {

  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat}'s times, on every common build. */
  private static final double TICKS_PER_SECOND = 100;

  static final ProcessUsage GONE = new ProcessUsage(0, 0);

  /** The process's usage now, or {@link #GONE} when it is not running. */
  static ProcessUsage of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (2nd field) may hold spaces; the fields after it are fixed
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      double rssKib = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rssKib = Double.parseDouble(line.replaceAll("[^0-9]", ""));
        }
      }
      return new ProcessUsage(rssKib / 1024, ticks / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return GONE;
    }
  }
}
