package io.junction.bench;

import io.vertx.core.Vertx;

import java.util.Map;
import java.util.Optional;

/** The backends whose broker has an HTTP publish endpoint of its own, to compare the gateway with. */
final class ManagementApis {
    /** Connects to the management API of the broker the dev stack started, given the stack's line about it. */
    @FunctionalInterface
    interface Connector {
        ManagementApi connect(String brokerDescription, Vertx vertx);
    }

    private static final Map<String, Connector> CONNECTORS = Map.of("rabbitmq", RabbitMqManagementApi::connect);

    private ManagementApis() {
    }

    static Optional<ManagementApi> connect(String backend, String brokerDescription, Vertx vertx) {
        return Optional.ofNullable(CONNECTORS.get(backend)).map(c -> c.connect(brokerDescription, vertx));
    }
}
