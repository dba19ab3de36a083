package io.junction.core;

import io.junction.spi.Capability;
import io.junction.spi.DeliveryMode;

import java.util.Set;

/** A topic as described to clients: its name, backend instance, backend type, delivery mode and capabilities. */
public record TopicInfo(String name, String backend, String backendType, DeliveryMode delivery,
                        Set<Capability> capabilities) {
    public TopicInfo {
        capabilities = Set.copyOf(capabilities);
    }
}
