package dev.precip.it;

import dev.precip.noaa.offline.generator.DataQuery;
import dev.precip.noaa.offline.generator.Observation;
import dev.precip.noaa.offline.generator.PrecipGenerator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** What a fetch must yield, straight from the offline source's generator. */
record Expected(List<Observation> observations) {

  static Expected of(long seed, int stations, LocalDate first, LocalDate last) {
    return new Expected(
        new PrecipGenerator(seed, stations)
            .observations(
                new DataQuery(
                    first.atStartOfDay(),
                    last.atTime(23, 59, 59),
                    Set.of(),
                    Set.of(),
                    Optional.empty())));
  }

  int size() {
    return observations.size();
  }

  /** Per station, {@code total/missing}. */
  Map<String, String> metricsByStation() {
    Map<String, long[]> counts = new TreeMap<>();
    for (Observation o : observations) {
      long[] c = counts.computeIfAbsent(o.station(), s -> new long[2]);
      c[0]++;
      if (o.isMissing()) {
        c[1]++;
      }
    }
    Map<String, String> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v[0] + "/" + v[1]));
    return out;
  }
}
