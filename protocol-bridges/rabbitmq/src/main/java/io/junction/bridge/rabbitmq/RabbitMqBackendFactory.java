package io.junction.bridge.rabbitmq;

import java.util.Map;

import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;

/** Creates {@link RabbitMqBackend}s for configuration entries of type {@code rabbitmq}. */
public final class RabbitMqBackendFactory implements BackendFactory {
    @Override
    public String type() {
        return RabbitMqBackend.TYPE;
    }

    /** @throws IllegalArgumentException naming every invalid setting (see {@link RabbitMqSettings}) */
    @Override
    public Backend create(String name, Map<String, Object> settings) {
        return new RabbitMqBackend(name, RabbitMqSettings.parse(settings));
    }
}
