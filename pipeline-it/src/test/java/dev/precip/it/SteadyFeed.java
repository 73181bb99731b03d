package dev.precip.it;

import dev.precip.contracts.PrecipRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records sent to a {@link WriterRun} a slice at a time, at a steady pace, from a thread of its
 * own, until stopped or out of records. A test that needs the writer still committing while
 * something else happens feeds it this way: a backlog produced up front can be drained before that
 * something starts, however large it is, once the writer gets faster.
 */
final class SteadyFeed implements AutoCloseable {

  private final ExecutorService thread = Executors.newSingleThreadExecutor();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Future<Integer> sent;

  private SteadyFeed(WriterRun run, int mostRecords, int slice, Duration pace) {
    sent = thread.submit(() -> send(run, mostRecords, slice, pace));
  }

  /** Starts sending {@code slice} records every {@code pace}, at most {@code mostRecords}. */
  static SteadyFeed start(WriterRun run, int mostRecords, int slice, Duration pace) {
    return new SteadyFeed(run, mostRecords, slice, pace);
  }

  /**
   * True once every record was sent (or sending failed): the feed ran out before the test ended.
   */
  boolean ranOut() {
    return sent.isDone();
  }

  /** Stops sending and returns how many records were sent, each exactly once. */
  int stop() throws Exception {
    stopping.set(true);
    return sent.get(1, TimeUnit.MINUTES);
  }

  private int send(WriterRun run, int mostRecords, int slice, Duration pace) throws Exception {
    List<PrecipRecord> records = GeneratedRecords.first(mostRecords);
    int count = 0;
    while (count < records.size() && !stopping.get()) {
      List<PrecipRecord> next = records.subList(count, Math.min(records.size(), count + slice));
      run.produce(next);
      count += next.size();
      Thread.sleep(pace.toMillis());
    }
    return count;
  }

  @Override
  public void close() {
    stopping.set(true);
    thread.shutdownNow();
  }
}
