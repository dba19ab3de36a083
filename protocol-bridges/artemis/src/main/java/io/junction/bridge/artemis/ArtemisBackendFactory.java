package io.junction.bridge.artemis;

import java.util.Map;

import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;

/** Creates {@link ArtemisBackend}s for configuration entries of type {@code artemis}. */
public final class ArtemisBackendFactory implements BackendFactory {
    @Override
    public String type() {
        return ArtemisBackend.TYPE;
    }

    /** @throws IllegalArgumentException naming every invalid setting (see {@link ArtemisSettings}) */
    @Override
    public Backend create(String name, Map<String, Object> settings) {
        return new ArtemisBackend(name, ArtemisSettings.parse(settings));
    }
}
