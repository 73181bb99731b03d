package dev.precip.contracts;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The records of one Kafka partition a batch was written from: offsets {@code first} to {@code
 * last}, both inclusive. Lineage for operators (which input a batch covered), not a position to
 * resume from.
 */
@RegisterForReflection // part of BatchCommitted
public record OffsetRange(String topic, int partition, long first, long last) {}
