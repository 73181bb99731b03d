package dev.precip.noaa.offline.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrecipGeneratorTest {

  private static DataQuery month(Set<String> stations) {
    return new DataQuery(
        LocalDateTime.of(2010, 5, 1, 0, 0),
        LocalDateTime.of(2010, 5, 31, 23, 59, 59),
        stations,
        Set.of(),
        Optional.empty());
  }

  @Test
  void theSameSeedAlwaysGivesTheSameData() {
    assertEquals(
        new PrecipGenerator(7, 5).observations(month(Set.of())),
        new PrecipGenerator(7, 5).observations(month(Set.of())));
  }

  @Test
  void anotherSeedGivesOtherData() {
    assertNotEquals(
        new PrecipGenerator(7, 5).observations(month(Set.of())),
        new PrecipGenerator(8, 5).observations(month(Set.of())));
  }

  @Test
  void aStationsDataDoesNotDependOnWhatElseIsAsked() {
    PrecipGenerator generator = new PrecipGenerator(7, 5);
    String station = generator.stations().get(2).id();
    List<Observation> alone = generator.observations(month(Set.of(station)));
    List<Observation> inAll =
        generator.observations(month(Set.of())).stream()
            .filter(o -> o.station().equals(station))
            .toList();
    assertEquals(inAll, alone);
  }

  @Test
  void adjacentWindowsTogetherHoldExactlyTheWholeRange() {
    // a day's last slot is stamped midnight of the next day, on the boundary between windows
    PrecipGenerator generator = new PrecipGenerator(20100501, 40);
    List<Observation> whole = generator.observations(month(Set.of()));
    List<Observation> parts = new java.util.ArrayList<>();
    for (int from = 1; from <= 31; from += 7) {
      int to = Math.min(from + 6, 31);
      parts.addAll(
          generator.observations(
              new DataQuery(
                  LocalDateTime.of(2010, 5, from, 0, 0),
                  LocalDateTime.of(2010, 5, to, 23, 59, 59),
                  Set.of(),
                  Set.of(),
                  Optional.empty())));
    }
    assertEquals(whole, parts);
    assertTrue(whole.stream().anyMatch(o -> o.date().equals("2010-05-08T00:00:00")));
  }

  @Test
  void resultsAreInDateStationDatatypeOrder() {
    List<Observation> all = new PrecipGenerator(7, 5).observations(month(Set.of()));
    List<Observation> sorted =
        all.stream()
            .sorted(
                Comparator.comparing(Observation::date)
                    .thenComparing(Observation::station)
                    .thenComparing(Observation::datatype))
            .toList();
    assertEquals(sorted, all);
  }

  @Test
  void naturalKeysAreUnique() {
    List<Observation> all = new PrecipGenerator(7, 20).observations(month(Set.of()));
    long distinct = all.stream().map(o -> o.station() + o.datatype() + o.date()).distinct().count();
    assertEquals(all.size(), distinct);
  }

  @Test
  void missingValuesCarryAMissingFlagAndTheirShareIsNearTheStationsShare() {
    PrecipGenerator generator = new PrecipGenerator(7, 3);
    Station station = generator.stations().get(1);
    DataQuery year =
        new DataQuery(
            LocalDate.of(2010, 1, 1).atStartOfDay(),
            LocalDate.of(2010, 12, 31).atTime(23, 59, 59),
            Set.of(station.id()),
            Set.of(),
            Optional.empty());
    List<Observation> obs = generator.observations(year);
    long missing = obs.stream().filter(Observation::isMissing).count();
    double share = (double) missing / obs.size();
    assertTrue(
        Math.abs(share - PrecipGenerator.missingShare(station)) < 0.03,
        share + " vs " + PrecipGenerator.missingShare(station));
    assertTrue(
        obs.stream()
            .filter(Observation::isMissing)
            .allMatch(o -> "[]{}a".indexOf(o.attributes().charAt(0)) >= 0));
  }

  @Test
  void before1984AMonthsFirstDayCarriesCommaFlags() {
    PrecipGenerator generator = new PrecipGenerator(7, 50);
    DataQuery firstDays =
        new DataQuery(
            LocalDate.of(1975, 1, 1).atStartOfDay(),
            LocalDate.of(1975, 1, 1).atTime(23, 59, 59),
            Set.of(),
            Set.of(),
            Optional.empty());
    assertTrue(
        generator.observations(firstDays).stream()
            .anyMatch(o -> o.isMissing() && o.attributes().startsWith(",,,")));
  }

  @Test
  void aMalformedShareBreaksThatShareAndLeavesTheDataOtherwiseAsItWas() {
    List<Observation> clean = new PrecipGenerator(7, 20).observations(month(Set.of()));
    List<Observation> served = new PrecipGenerator(7, 20, 0.1).observations(month(Set.of()));
    assertEquals(clean.size(), served.size());
    long broken = served.stream().filter(Observation::isMalformed).count();
    assertTrue(Math.abs((double) broken / served.size() - 0.1) < 0.03, broken + " broken");
    assertTrue(clean.stream().noneMatch(Observation::isMalformed));
    for (int i = 0; i < clean.size(); i++) {
      Observation after = served.get(i);
      assertEquals(after.isMalformed() ? clean.get(i).malformed() : clean.get(i), after);
    }
  }

  @Test
  void aMalformedShareOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PrecipGenerator(7, 5, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new PrecipGenerator(7, 5, Double.NaN));
  }
}
