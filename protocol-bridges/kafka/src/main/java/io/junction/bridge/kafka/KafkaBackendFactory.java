package io.junction.bridge.kafka;

import java.util.Map;

import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;

/** Creates {@link KafkaBackend}s for configuration entries of type {@code kafka}. */
public final class KafkaBackendFactory implements BackendFactory {
    @Override
    public String type() {
        return KafkaBackend.TYPE;
    }

    /** @throws IllegalArgumentException naming every invalid setting (see {@link KafkaSettings}) */
    @Override
    public Backend create(String name, Map<String, Object> settings) {
        return new KafkaBackend(name, KafkaSettings.parse(settings));
    }
}
