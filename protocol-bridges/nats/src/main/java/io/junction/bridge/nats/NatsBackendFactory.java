package io.junction.bridge.nats;

import java.util.Map;

import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;

/** Creates {@link NatsBackend}s for configuration entries of type {@code nats}. */
public final class NatsBackendFactory implements BackendFactory {
    @Override
    public String type() {
        return NatsBackend.TYPE;
    }

    /** @throws IllegalArgumentException naming every invalid setting (see {@link NatsSettings}) */
    @Override
    public Backend create(String name, Map<String, Object> settings) {
        return new NatsBackend(name, NatsSettings.parse(settings));
    }
}
