package dev.precip.noaa.offline.service;

import dev.precip.noaa.offline.generator.DataQuery;
import dev.precip.noaa.offline.generator.Observation;
import dev.precip.noaa.offline.generator.PrecipGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The observations of the last few queries: a fetch pages through one window with many requests,
 * and generating and sorting the window again for every page would make the source the bottleneck
 * of any benchmark.
 */
@ApplicationScoped
public class RecentQueries {

  private static final int KEPT = 8;

  private final PrecipGenerator generator;
  private final Map<DataQuery, List<Observation>> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DataQuery, List<Observation>> eldest) {
          return size() > KEPT;
        }
      };

  public RecentQueries(PrecipGenerator generator) {
    this.generator = generator;
  }

  public List<Observation> observations(DataQuery query) {
    synchronized (recent) {
      List<Observation> hit = recent.get(query);
      if (hit != null) {
        return hit;
      }
    }
    List<Observation> generated = List.copyOf(generator.observations(query));
    synchronized (recent) {
      recent.put(query, generated);
    }
    return generated;
  }
}
