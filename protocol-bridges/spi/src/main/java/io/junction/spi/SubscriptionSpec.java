package io.junction.spi;

import java.util.Objects;

/**
 * What the gateway asks a backend to provision for a subscription: a durable cursor on {@code topic}
 * that from the moment it exists receives every message published to the topic.
 */
public record SubscriptionSpec(String name, String topic) {
    public SubscriptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
    }
}
