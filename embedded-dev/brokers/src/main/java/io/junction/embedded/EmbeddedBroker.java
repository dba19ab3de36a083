package io.junction.embedded;

import java.util.Map;

/** A broker started for development or tests, in this JVM or as a child process. */
public interface EmbeddedBroker extends AutoCloseable {
    /** The gateway backend type that talks to it, e.g. {@code artemis}. */
    String backendType();

    /** The backend settings that point a gateway backend of {@link #backendType()} at this broker. */
    Map<String, Object> backendSettings();

    /** One line for people: what runs where, e.g. {@code Artemis tcp://127.0.0.1:61616 (CORE, AMQP 1.0, OpenWire)}. */
    String describe();

    /** Stops the broker; idempotent. */
    @Override
    void close();
}
