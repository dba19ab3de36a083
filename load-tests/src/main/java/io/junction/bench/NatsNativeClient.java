package io.junction.bench;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jnats, used as the gateway's bridge uses it: an asynchronous JetStream publish to a subject of the topic's
 * stream, complete on the server's PubAck. No message id header: a plain native publish.
 */
final class NatsNativeClient implements NativeClient {
    private static final Pattern CLIENT_URL = Pattern.compile("nats://\\S+");

    private final Connection connection;
    private final JetStream jetStream;

    private NatsNativeClient(Connection connection) throws Exception {
        this.connection = connection;
        this.jetStream = connection.jetStream();
    }

    /** @param brokerDescription the dev stack's broker line, holding the client URL {@code nats://host:port} */
    static NatsNativeClient connect(String brokerDescription) throws Exception {
        Matcher url = CLIENT_URL.matcher(brokerDescription);
        if (!url.find()) {
            throw new IllegalArgumentException("no nats:// URL in the broker description: " + brokerDescription);
        }
        Connection connection = Nats.connect(Options.builder().server(url.group()).build());
        try {
            return new NatsNativeClient(connection);
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    /** To the subject {@code <stream>.0}: the bridge names a topic's stream after it, with {@code ~} for each {@code .}. */
    @Override
    public CompletionStage<Void> publish(String topic, byte[] payload) {
        return jetStream.publishAsync(topic.replace('.', '~') + ".0", payload).thenApply(ack -> null);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
