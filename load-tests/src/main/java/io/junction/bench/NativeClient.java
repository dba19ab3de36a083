package io.junction.bench;

import java.util.concurrent.CompletionStage;

/**
 * A broker's own client, the baseline the gateway is measured against: it publishes to a topic the gateway
 * created, exactly as durably as the gateway's bridge does. One implementation per backend, registered in
 * {@link NativeClients}.
 */
public interface NativeClient extends AutoCloseable {
    /**
     * Sends one durable message to the topic's native destination. The stage completes once the broker has
     * confirmed that it stored the message durably (or fails when it refused it). Called by one thread at a
     * time, many times without waiting for earlier confirmations; the stage may complete on any thread.
     */
    CompletionStage<Void> publish(String topic, byte[] payload);

    /** Closes the connection; messages not yet confirmed may be lost. */
    @Override
    void close();
}
