package dev.precip.noaa.offline.generator;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic PRECIP_15 data: the same seed, station and day always give the same observations,
 * whatever else was asked before. Tests use it as the independent oracle of what a fetch must
 * yield.
 *
 * <p>Each station reports 0 to {@value #MAX_PER_DAY} intervals a day, mostly {@code QPCP}, some
 * {@code QGAG}. A station's share of missing values ({@code 99999} with a missing-period or
 * accumulation flag) is fixed per station and differs between stations, so per-station metrics are
 * distinguishable. Results are ordered by date, then station, then datatype, so that paging is
 * stable.
 *
 * <p>An optional share of observations is served broken (their {@code attributes} without the flag
 * slots, see {@link Observation#isMalformed()}), so that a run exercises the dead-letter path; the
 * choice has its own random stream, so the data itself does not depend on the share.
 */
public final class PrecipGenerator {

  static final int MAX_PER_DAY = 8;
  private static final int SLOTS_PER_DAY = 96;
  private static final DateTimeFormatter NOAA_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final String[] MISSING_FLAGS = {"[", "]", "{", "}", "a"};
  private static final String[] PRESENT_FLAGS = {"", "", "", "T", "E", "A", "g"};
  private static final String[] QUALITY_FLAGS = {"", "", "", "", "Q", "R", "X"};

  private final long seed;
  private final double malformedShare;
  private final List<Station> stations;

  public PrecipGenerator(long seed, int stationCount) {
    this(seed, stationCount, 0);
  }

  /**
   * @param malformedShare share (0 to 1) of observations served with a malformed {@code attributes}
   */
  public PrecipGenerator(long seed, int stationCount, double malformedShare) {
    if (!(malformedShare >= 0 && malformedShare <= 1)) {
      throw new IllegalArgumentException("malformed share must be within 0..1: " + malformedShare);
    }
    this.seed = seed;
    this.malformedShare = malformedShare;
    this.stations =
        IntStream.range(0, stationCount)
            .mapToObj(i -> new Station(String.format("COOP:%06d", 10008 + i * 7), "FIPS:01"))
            .toList();
  }

  /** The stations this generator reports for. */
  public List<Station> stations() {
    return stations;
  }

  /** Every observation the query selects, in NOAA's result order. */
  public List<Observation> observations(DataQuery query) {
    List<Observation> out = new ArrayList<>();
    LocalDate last = query.end().toLocalDate();
    // a day's last slot is stamped midnight of the next day: start one day early to include it
    LocalDate first = query.start().toLocalDate().minusDays(1);
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      for (Station station : stations) {
        if (selected(station, query)) {
          for (Observation o : observationsOf(station, day)) {
            LocalDateTime at = LocalDateTime.parse(o.date());
            if (!at.isBefore(query.start())
                && !at.isAfter(query.end())
                && (query.datatypes().isEmpty() || query.datatypes().contains(o.datatype()))) {
              out.add(o);
            }
          }
        }
      }
    }
    out.sort(
        Comparator.comparing(Observation::date)
            .thenComparing(Observation::station)
            .thenComparing(Observation::datatype));
    return out;
  }

  private static boolean selected(Station station, DataQuery query) {
    return (query.stations().isEmpty() || query.stations().contains(station.id()))
        && query.location().map(station.location()::equals).orElse(true);
  }

  /** The observations of one station on one day, in slot order. */
  List<Observation> observationsOf(Station station, LocalDate day) {
    SplittableRandom random = new SplittableRandom(mix(seed, station.id().hashCode(), day));
    SplittableRandom breakage = new SplittableRandom(~mix(seed, station.id().hashCode(), day));
    double missingShare = missingShare(station);
    int count = random.nextInt(MAX_PER_DAY + 1);
    boolean[] taken = new boolean[SLOTS_PER_DAY];
    List<Observation> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int slot = random.nextInt(SLOTS_PER_DAY);
      if (taken[slot]) {
        continue;
      }
      taken[slot] = true;
      String datatype = random.nextInt(10) == 0 ? "QGAG" : "QPCP";
      String units = random.nextInt(4) == 0 ? "HT" : "HI";
      LocalDateTime at = day.atStartOfDay().plusMinutes(15L * (slot + 1));
      String date = NOAA_DATE.format(at);
      if (random.nextDouble() < missingShare) {
        // before 1984, an accumulation in progress at a month's start is flagged with a comma
        String flag =
            day.getDayOfMonth() == 1 && day.getYear() < 1984 && random.nextBoolean()
                ? ","
                : MISSING_FLAGS[random.nextInt(MISSING_FLAGS.length)];
        out.add(new Observation(date, datatype, station.id(), flag + ",," + units, 99999));
      } else {
        String flag = PRESENT_FLAGS[random.nextInt(PRESENT_FLAGS.length)];
        String quality = QUALITY_FLAGS[random.nextInt(QUALITY_FLAGS.length)];
        long value = random.nextInt(120);
        out.add(
            new Observation(
                date, datatype, station.id(), flag + "," + quality + "," + units, value));
      }
    }
    out.sort(Comparator.comparing(Observation::date));
    if (malformedShare > 0) {
      out.replaceAll(o -> breakage.nextDouble() < malformedShare ? o.malformed() : o);
    }
    return out;
  }

  /** Each station's fixed share of missing observations: 2% to 30%. */
  static double missingShare(Station station) {
    return 0.02 + (Math.floorMod(station.id().hashCode(), 15)) * 0.02;
  }

  private static long mix(long seed, int station, LocalDate day) {
    long h = seed * 0x9E3779B97F4A7C15L;
    h ^= station * 0xBF58476D1CE4E5B9L;
    h ^= day.toEpochDay() * 0x94D049BB133111EBL;
    return h;
  }
}
