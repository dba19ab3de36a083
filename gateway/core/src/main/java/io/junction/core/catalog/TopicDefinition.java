package io.junction.core.catalog;

import java.util.Objects;

/**
 * A topic as the gateway knows it.
 *
 * @param name    the topic name
 * @param backend the configured backend instance the topic lives on; fixed at creation
 */
public record TopicDefinition(String name, String backend) {
    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
    }
}
