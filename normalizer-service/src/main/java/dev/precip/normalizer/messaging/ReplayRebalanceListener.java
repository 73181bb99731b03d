package dev.precip.normalizer.messaging;

import dev.precip.normalizer.replay.ReplayCoordinator;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** The raw-topic consumer's rebalance listener: where a pending replay is applied. */
@ApplicationScoped
@Identifier(ReplayRebalanceListener.NAME)
public class ReplayRebalanceListener implements KafkaConsumerRebalanceListener {

  /** Referenced by {@code consumer-rebalance-listener.name} of the pages channel. */
  public static final String NAME = "normalizer-replay";

  private final ReplayCoordinator coordinator;

  public ReplayRebalanceListener(ReplayCoordinator coordinator) {
    this.coordinator = coordinator;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    coordinator.partitionsAssigned(consumer, partitions);
  }
}
