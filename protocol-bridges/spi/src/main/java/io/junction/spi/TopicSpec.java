package io.junction.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway asks a backend to provision for a topic.
 *
 * @param name        the topic name
 * @param dedupWindow the gateway's dedup window: a backend with native deduplication whose window is a
 *                    time (JetStream) sets its own to this, so that both agree on when an id is new again
 */
public record TopicSpec(String name, Duration dedupWindow) {
    /** The gateway's default dedup window, ten minutes. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(10);

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
    }

    /** A topic with the default dedup window. */
    public TopicSpec(String name) {
        this(name, DEFAULT_DEDUP_WINDOW);
    }
}
