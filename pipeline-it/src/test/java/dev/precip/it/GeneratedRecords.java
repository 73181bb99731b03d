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

  private GeneratedRecords() {}

  /**
   * The first {@code rows} observations from January 2010 on, as the normalizer would publish them,
   * in the generator's order; each month is one page, so (page, index) is unique.
   */
  static List<PrecipRecord> first(int rows) {
    PrecipGenerator generator = new PrecipGenerator(20100501, 400);
    List<PrecipRecord> out = new ArrayList<>(rows);
    long now = System.currentTimeMillis();
    for (LocalDate month = LocalDate.of(2010, 1, 1);
        out.size() < rows;
        month = month.plusMonths(1)) {
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
      for (int i = 0; i < observations.size() && out.size() < rows; i++) {
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
    }
    return out;
  }
}
