package io.junction.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The native baseline client of each backend. A backend is benchmarked only when it has one: to add a
 * backend, write its {@link NativeClient} and register its connector here.
 */
final class NativeClients {
    /** Connects to the broker the dev stack started, given the stack's one-line description of it. */
    @FunctionalInterface
    interface Connector {
        NativeClient connect(String brokerDescription) throws Exception;
    }

    private static final Map<String, Connector> CONNECTORS = new TreeMap<>(Map.of(
            "artemis", ArtemisNativeClient::connect,
            "kafka", KafkaNativeClient::connect,
            "nats", NatsNativeClient::connect,
            "rabbitmq", RabbitMqNativeClient::connect));

    private NativeClients() {
    }

    static Set<String> backends() {
        return CONNECTORS.keySet();
    }

    /** @throws IllegalArgumentException when the backend has no native client yet */
    static NativeClient connect(String backend, String brokerDescription) throws Exception {
        Connector connector = CONNECTORS.get(backend);
        if (connector == null) {
            throw new IllegalArgumentException("no native client for backend '" + backend + "'; known: " + backends());
        }
        return connector.connect(brokerDescription);
    }
}
