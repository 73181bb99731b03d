package dev.precip.normalizer.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplayCoordinatorTest {

  private static final TopicPartition P0 = new TopicPartition("raw", 0);
  private static final TopicPartition P1 = new TopicPartition("raw", 1);
  private static final ReplayRequest REQUEST =
      new ReplayRequest("r1", "raw", "beginning", Map.of(0, 0L, 1, 5L), 1L);

  private final ReplayCoordinator coordinator = new ReplayCoordinator();
  private MockConsumer<String, String> consumer;

  @BeforeEach
  void assignAtTheEnd() {
    consumer = new MockConsumer<>("earliest");
    consumer.assign(List.of(P0, P1));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.seek(P0, 40);
    consumer.seek(P1, 50);
  }

  @Test
  void nothingMovesWithoutARequest() {
    coordinator.partitionsAssigned(consumer, List.of(P0, P1));
    assertEquals(40, consumer.position(P0));
    assertEquals(50, consumer.position(P1));
  }

  @Test
  void theFirstAssignmentAfterARequestSeeksAndCommitsTheTargets() {
    coordinator.hold(REQUEST);
    assertTrue(coordinator.status().pending());

    coordinator.partitionsAssigned(consumer, List.of(P0, P1));

    assertEquals(0, consumer.position(P0));
    assertEquals(5, consumer.position(P1));
    assertEquals(0, consumer.committed(Set.of(P0)).get(P0).offset());
    assertEquals(5, consumer.committed(Set.of(P1)).get(P1).offset());
    assertFalse(coordinator.status().pending());
    assertEquals(List.of(0, 1), coordinator.status().appliedPartitions());
  }

  @Test
  void aLaterAssignmentDoesNotRestartTheReplay() {
    coordinator.hold(REQUEST);
    coordinator.partitionsAssigned(consumer, List.of(P0, P1));
    consumer.seek(P0, 30);

    coordinator.partitionsAssigned(consumer, List.of(P0, P1));

    assertEquals(30, consumer.position(P0));
  }

  @Test
  void onlyTheAssignedPartitionsOfTheRequestsTopicMove() {
    TopicPartition other = new TopicPartition("another-raw-topic", 0);
    consumer.assign(List.of(P0, other));
    consumer.updateBeginningOffsets(Map.of(other, 0L));
    consumer.seek(other, 9);
    coordinator.hold(REQUEST);

    coordinator.partitionsAssigned(consumer, List.of(P0, other));

    assertEquals(0, consumer.position(P0));
    assertEquals(9, consumer.position(other));
    assertEquals(List.of(0), coordinator.status().appliedPartitions());
  }
}
