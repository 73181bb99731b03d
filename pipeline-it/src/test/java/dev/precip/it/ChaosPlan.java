package dev.precip.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible plan of faults: which service is killed when and for how long, and when an
 * infrastructure component restarts. The same seed always gives the same plan; the moments they hit
 * in the data flow vary with timing, which is the point.
 *
 * @param seed the seed the plan was drawn from, logged so that a failing run can be repeated
 * @param faults the faults in order; each waits {@link Fault#after()} from the end of the previous
 */
record ChaosPlan(long seed, List<Fault> faults) {

  /** One fault: what happens, after how long, and how long the victim stays down. */
  record Fault(Duration after, Kind kind, String victim, Duration down) {
    @Override
    public String toString() {
      return kind
          + " "
          + victim
          + " after "
          + after.toMillis()
          + " ms, down "
          + down.toMillis()
          + " ms";
    }
  }

  enum Kind {
    /** A service process killed with SIGKILL, then started again. */
    KILL,
    /** A stack component stopped ({@code stack.sh stop}), then started again. */
    RESTART
  }

  /**
   * {@code kills} kills of the given services, each killed at least once (when {@code kills}
   * allows), and one restart of each infrastructure component at a random place among them.
   */
  static ChaosPlan draw(
      long seed,
      List<String> services,
      int kills,
      List<String> infrastructure,
      Duration minGap,
      Duration maxGap) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> victims = new ArrayList<>(services);
    shuffle(victims, random);
    while (victims.size() < kills) {
      victims.add(services.get(random.nextInt(services.size())));
    }
    List<Fault> faults = new ArrayList<>();
    for (String victim : victims.subList(0, kills)) {
      faults.add(
          new Fault(gap(random, minGap, maxGap), Kind.KILL, victim, millis(random, 0, 3000)));
    }
    for (String component : infrastructure) {
      // never first: let data flow before the first outage
      int at = 1 + random.nextInt(faults.size());
      faults.add(
          at,
          new Fault(
              gap(random, minGap, maxGap), Kind.RESTART, component, millis(random, 2000, 10_000)));
    }
    return new ChaosPlan(seed, List.copyOf(faults));
  }

  long kills() {
    return faults.stream().filter(f -> f.kind() == Kind.KILL).count();
  }

  private static Duration gap(SplittableRandom random, Duration min, Duration max) {
    return millis(random, min.toMillis(), max.toMillis());
  }

  private static Duration millis(SplittableRandom random, long min, long max) {
    return Duration.ofMillis(min + random.nextLong(max - min + 1));
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      list.set(i, list.set(j, list.get(i)));
    }
  }
}
