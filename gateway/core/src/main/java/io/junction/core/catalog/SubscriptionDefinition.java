package io.junction.core.catalog;

import java.time.Duration;
import java.util.Objects;

/**
 * A subscription and its delivery policy.
 *
 * @param name        the subscription name
 * @param topic       the topic it reads
 * @param ackDeadline how long a pulled delivery stays reserved for its consumer before it counts as failed
 * @param policy      ordering, retries, dead letters, in-flight bound
 */
public record SubscriptionDefinition(String name, String topic, Duration ackDeadline, DeliveryPolicy policy) {
    public SubscriptionDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(ackDeadline, "ackDeadline");
        Objects.requireNonNull(policy, "policy");
    }
}
