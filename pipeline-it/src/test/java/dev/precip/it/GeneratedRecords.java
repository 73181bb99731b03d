package dev.precip.it;

import dev.precip.contracts.PageIdentity;
import dev.precip.contracts.PrecipRecord;
import dev.precip.noaa.offline.generator.DataQuery;
import dev.precip.noaa.offline.generator.Observation;
import dev.precip.noaa.offline.generator.PrecipGenerator;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Records for the writer's tests and benchmark, from the offline generator (400 stations). */
final class GeneratedRecords {

  private static final LocalDate FIRST_MONTH = LocalDate.of(2010, 1, 1);

  private GeneratedRecords() {}

  /**
   * The first {@code rows} observations from January 2010 on, as the normalizer would publish them,
   * in the generator's order; each month is one page, so (page, index) is unique.
   */
  static List<PrecipRecord> first(int rows) {
    List<PrecipRecord> out = new ArrayList<>(rows);
    for (int month = 0; out.size() < rows; month++) {
      List<PrecipRecord> records = month(month);
      out.addAll(records.subList(0, Math.min(records.size(), rows - out.size())));
    }
    return out;
  }

  /** Every observation of the {@code index}-th month from January 2010, as one page. */
  static List<PrecipRecord> month(int index) {
    PrecipGenerator generator = new PrecipGenerator(20100501, 400);
    LocalDate month = FIRST_MONTH.plusMonths(index);
    LocalDate last = month.plusMonths(1).minusDays(1);
    List<Observation> observations =
        generator.observations(
            new DataQuery(
                month.atStartOfDay(),
                last.atTime(23, 59, 59),
                Set.of(),
                Set.of(),
                Optional.empty()));
    PageIdentity page = new PageIdentity("bench", month.toString(), last.toString(), 1);
    long now = System.currentTimeMillis();
    List<PrecipRecord> out = new ArrayList<>(observations.size());
    for (int i = 0; i < observations.size(); i++) {
      Observation o = observations.get(i);
      out.add(
          new PrecipRecord(
              o.station(),
              o.datatype(),
              o.date(),
              LocalDateTime.parse(o.date()).toInstant(ZoneOffset.UTC).toEpochMilli(),
              o.value(),
              Arrays.asList(o.attributes().split(",", -1)),
              o.attributes(),
              now,
              page,
              i));
    }
    return out;
  }
}
