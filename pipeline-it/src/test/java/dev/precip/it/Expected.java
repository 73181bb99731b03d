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
    return of(seed, stations, 0, first, last);
  }

  /** For a source serving {@code malformedShare} of its observations broken. */
  static Expected of(
      long seed, int stations, double malformedShare, LocalDate first, LocalDate last) {
    return new Expected(
        new PrecipGenerator(seed, stations, malformedShare)
            .observations(
                new DataQuery(
                    first.atStartOfDay(),
                    last.atTime(23, 59, 59),
                    Set.of(),
                    Set.of(),
                    Optional.empty())));
  }

  /** Every observation fetched, malformed ones included. */
  int size() {
    return observations.size();
  }

  /** The observations that must become rows. */
  List<Observation> valid() {
    return observations.stream().filter(o -> !o.isMalformed()).toList();
  }

  /** The observations that must end on the dead-letter topic. */
  List<Observation> malformed() {
    return observations.stream().filter(Observation::isMalformed).toList();
  }

  /** Per station, {@code total/missing} over the valid observations. */
  Map<String, String> metricsByStation() {
    Map<String, long[]> counts = new TreeMap<>();
    for (Observation o : valid()) {
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
