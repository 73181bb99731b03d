package dev.precip.normalizer.messaging;

import dev.precip.normalizer.replay.ReplayCoordinator;
import dev.precip.normalizer.replay.ReplayPlanner;
import dev.precip.normalizer.replay.ReplayRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Replay over Kafka: a request is planned here, broadcast on the control topic, and every instance
 * (this one included) receiving it holds it and forces a rebalance of the raw-topic consumer group.
 */
@ApplicationScoped
public class ReplayControl {

  /** Outgoing replay requests. */
  public static final String CONTROL_OUT = "control-out";

  /** Incoming replay requests; each instance has a consumer group of its own, so all get each. */
  public static final String CONTROL_IN = "control-in";

  private final KafkaClientService kafka;
  private final ReplayCoordinator coordinator;
  private final MutinyEmitter<ReplayRequest> requests;

  public ReplayControl(
      KafkaClientService kafka,
      ReplayCoordinator coordinator,
      @Channel(CONTROL_OUT) MutinyEmitter<ReplayRequest> requests) {
    this.kafka = kafka;
    this.coordinator = coordinator;
    this.requests = requests;
  }

  /** Plans a replay from the beginning (empty) or from a time, and broadcasts it. */
  public Uni<ReplayRequest> request(Optional<Instant> from) {
    return pagesConsumer()
        .runOnPollingThread(
            c -> {
              String topic = c.subscription().iterator().next();
              Map<Integer, Long> offsets = ReplayPlanner.plan(c, topic, from);
              return new ReplayRequest(
                  UUID.randomUUID().toString(),
                  topic,
                  from.map(Instant::toString).orElse("beginning"),
                  offsets,
                  System.currentTimeMillis());
            })
        .call(requests::send);
  }

  @Incoming(CONTROL_IN)
  public Uni<Void> received(ReplayRequest request) {
    coordinator.hold(request);
    return pagesConsumer()
        .runOnPollingThread(
            c -> {
              c.enforceRebalance("replay " + request.id());
              return request.id();
            })
        .replaceWithVoid();
  }

  private KafkaConsumer<String, String> pagesConsumer() {
    KafkaConsumer<String, String> consumer = kafka.getConsumer(PageListener.PAGES_IN);
    if (consumer == null) {
      throw new IllegalStateException("the raw-page channel has no Kafka consumer");
    }
    return consumer;
  }
}
