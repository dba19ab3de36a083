package io.junction.tck.memory;

import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;

import java.util.Map;

/** Makes {@link InMemoryBackend}s; type {@code memory}, no settings. */
public final class InMemoryBackendFactory implements BackendFactory {
    @Override
    public String type() {
        return "memory";
    }

    @Override
    public Backend create(String name, Map<String, Object> settings) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("the memory backend takes no settings but got " + settings.keySet());
        }
        return new InMemoryBackend();
    }
}
