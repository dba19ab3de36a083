package io.junction.core;

import io.junction.spi.Capability;

import java.util.Set;

/** A topic as described to clients: its name, backend instance, backend type and capabilities. */
public record TopicInfo(String name, String backend, String backendType, Set<Capability> capabilities) {
    public TopicInfo {
        capabilities = Set.copyOf(capabilities);
    }
}
