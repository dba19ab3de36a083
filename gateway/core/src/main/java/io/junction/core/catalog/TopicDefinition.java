package io.junction.core.catalog;

import io.junction.spi.DeliveryMode;

import java.util.Objects;

/**
 * A topic as the gateway knows it.
 *
 * @param name     the topic name
 * @param backend  the configured backend instance the topic lives on; fixed at creation
 * @param delivery how it delivers; fixed at creation. Absent (null) in catalogs written before it existed,
 *                 which means {@link DeliveryMode#AT_LEAST_ONCE}
 */
public record TopicDefinition(String name, String backend, DeliveryMode delivery) {
    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        delivery = delivery == null ? DeliveryMode.AT_LEAST_ONCE : delivery;
    }
}
