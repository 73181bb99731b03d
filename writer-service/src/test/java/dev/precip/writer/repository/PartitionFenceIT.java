package dev.precip.writer.repository;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.precip.contracts.OffsetRange;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The partition fence on the real PostgreSQL of the local stack; each thread is one writer. */
@QuarkusTest
class PartitionFenceIT {

  @Inject PartitionFence fence;
  @Inject AgroalDataSource postgres;

  private final String topic = "fence-it-" + UUID.randomUUID();
  private final ExecutorService otherWriter = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    otherWriter.shutdownNow();
  }

  private List<OffsetRange> partitions(int... numbers) {
    return Arrays.stream(numbers).mapToObj(p -> new OffsetRange(topic, p, 0, 9)).toList();
  }

  private CompletableFuture<Void> holdBriefly(PartitionFence by, List<OffsetRange> partitions) {
    return CompletableFuture.runAsync(
        () -> {
          try (PartitionFence.Held held = by.hold(partitions)) {
            // a statement would run here
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        },
        otherWriter);
  }

  @Test
  void aSecondWriterOfAPartitionWaitsUntilTheFirstHasFinished() throws Exception {
    CompletableFuture<Void> second;
    try (PartitionFence.Held first = fence.hold(partitions(0, 1))) {
      second = holdBriefly(fence, partitions(1));
      Thread.sleep(700);
      assertFalse(second.isDone(), "the second writer went ahead while the first was writing");
    }
    second.get(5, TimeUnit.SECONDS);
  }

  @Test
  void writersOfDifferentPartitionsDoNotWaitForEachOther() throws Exception {
    try (PartitionFence.Held first = fence.hold(partitions(0))) {
      holdBriefly(fence, partitions(1, 2)).get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theSamePartitionOfAnotherTopicIsAnotherLock() throws Exception {
    try (PartitionFence.Held first = fence.hold(partitions(0))) {
      holdBriefly(fence, List.of(new OffsetRange(topic + "-other", 0, 0, 9)))
          .get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWaitBeyondTheLockTimeoutFailsSoTheBatchIsRetried() throws Exception {
    String table = "iceberg.noaa.fence_it";
    PartitionFence patient =
        new PartitionFence(postgres, Duration.ofSeconds(30), table, new SimpleMeterRegistry());
    PartitionFence impatient =
        new PartitionFence(postgres, Duration.ofMillis(500), table, new SimpleMeterRegistry());
    try (PartitionFence.Held first = patient.hold(partitions(3))) {
      long start = System.nanoTime();
      assertThrows(SQLException.class, () -> impatient.hold(partitions(3)));
      assertTrue(
          System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the wait was not bounded");
    }
    // and the failed attempt left nothing held behind
    holdBriefly(impatient, partitions(3)).get(5, TimeUnit.SECONDS);
  }
}
