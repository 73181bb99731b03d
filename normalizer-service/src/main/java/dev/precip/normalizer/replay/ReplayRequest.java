package dev.precip.normalizer.replay;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * A request to reprocess the raw topic from given offsets, broadcast to every normalizer instance
 * on the control topic.
 *
 * @param id request id
 * @param topic the raw topic it applies to (a request never moves another topic)
 * @param from what was asked: {@code beginning} or an ISO-8601 instant
 * @param offsets the raw topic's partition -> offset to restart from
 * @param requestedAtMs when it was asked
 */
@RegisterForReflection // serialized with Jackson on the control topic
public record ReplayRequest(
    String id, String topic, String from, Map<Integer, Long> offsets, long requestedAtMs) {}
