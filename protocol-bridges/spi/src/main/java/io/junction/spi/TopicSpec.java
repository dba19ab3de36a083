package io.junction.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway asks a backend to provision for a topic.
 *
 * @param name        the topic name
 * @param dedupWindow the gateway's dedup window: a backend with native deduplication whose window is a
 *                    time (JetStream) sets its own to this, so that both agree on when an id is new again
 * @param delivery    how the topic delivers; {@link DeliveryMode#AT_MOST_ONCE} only where the backend has
 *                    {@link Capability#AT_MOST_ONCE}
 */
public record TopicSpec(String name, Duration dedupWindow, DeliveryMode delivery) {
    /** The gateway's default dedup window, ten minutes. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(10);

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** An at-least-once topic with this dedup window. */
    public TopicSpec(String name, Duration dedupWindow) {
        this(name, dedupWindow, DeliveryMode.AT_LEAST_ONCE);
    }

    /** An at-least-once topic with the default dedup window. */
    public TopicSpec(String name) {
        this(name, DEFAULT_DEDUP_WINDOW);
    }
}
