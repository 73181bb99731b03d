package dev.precip.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory and CPU time as Linux's {@code /proc} reports them.
 *
 * @param rssMib resident set size, MiB
 * @param cpuSeconds user plus system CPU time consumed since the process started, with that of its
 *     children (PostgreSQL does its work in one child process per connection), except for this JVM:
 *     its children are the services a benchmark started, each reported on its own
 */
record ProcessUsage(double rssMib, double cpuSeconds) {

  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat}'s times, on every common build. */
  private static final double TICKS_PER_SECOND = 100;

  static final ProcessUsage GONE = new ProcessUsage(0, 0);

  /**
   * The process's usage now, or {@link #GONE} when it is not running. Its CPU time includes its
   * children's, living (their own times) and ended (the times the kernel added to the parent's
   * {@code cutime} and {@code cstime} when it reaped them), so a child that ends between two
   * readings moves its time from one to the other and no CPU is lost or counted twice. This JVM's
   * own time leaves its children out, so a service it started is not counted twice.
   */
  static ProcessUsage of(long pid) {
    boolean withChildren = pid != ProcessHandle.current().pid();
    try {
      String[] fields = statFields(pid);
      double ticks = 0;
      for (int field = 11; field <= (withChildren ? 14 : 12); field++) {
        ticks += Long.parseLong(fields[field]);
      }
      if (withChildren) {
        ticks += childTicks(pid);
      }
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

  /** The fields of {@code /proc/<pid>/stat} after the command name, from the state on. */
  private static String[] statFields(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // the command name (2nd field) may hold spaces; the fields after it are fixed
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /** User plus system ticks of the living children of {@code parent}. */
  private static long childTicks(long parent) throws IOException {
    long ticks = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        try {
          String[] fields = statFields(Long.parseLong(process.getFileName().toString()));
          if (Long.parseLong(fields[1]) == parent) {
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          }
        } catch (IOException | RuntimeException ended) {
          // the process ended while the list was read: its parent has its time now
        }
      }
    }
    return ticks;
  }
}
