package io.junction.spi;

import java.util.Objects;

/** What the gateway asks a backend to provision for a topic. */
public record TopicSpec(String name) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
    }
}
