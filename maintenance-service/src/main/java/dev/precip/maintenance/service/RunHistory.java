package dev.precip.maintenance.service;

import dev.precip.maintenance.config.MaintenanceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The most recent runs of this instance, newest first. */
@ApplicationScoped
public class RunHistory {

  private final Deque<MaintenanceRun> runs = new ArrayDeque<>();
  private final int size;

  public RunHistory(MaintenanceConfig config) {
    this.size = config.historySize();
  }

  synchronized void add(MaintenanceRun run) {
    runs.addFirst(run);
    while (runs.size() > size) {
      runs.removeLast();
    }
  }

  public synchronized List<MaintenanceRun> recent() {
    return new ArrayList<>(runs);
  }
}
