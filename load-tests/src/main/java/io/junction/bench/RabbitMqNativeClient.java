package io.junction.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;

import java.io.IOException;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RabbitMQ Java client, used as the gateway's bridge uses it: persistent messages published to the
 * topic's exchange (named as the topic) on a channel in confirm mode, each complete on the broker's
 * {@code basic.ack}. Routing key empty, as the bridge's unkeyed messages.
 */
final class RabbitMqNativeClient implements NativeClient {
    private static final Pattern AMQP_ADDRESS = Pattern.compile("amqp://([^:/\\s]+):(\\d+)");

    private final Connection connection;
    private final Channel channel;
    /** Publishes awaiting the broker's confirmation, by delivery tag. */
    private final NavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();

    private RabbitMqNativeClient(Connection connection, Channel channel) throws IOException {
        this.connection = connection;
        this.channel = channel;
        channel.confirmSelect();
        channel.addConfirmListener((tag, multiple) -> settle(tag, multiple, f -> f.complete(null)),
                (tag, multiple) -> settle(tag, multiple, f -> f.completeExceptionally(new IOException("the broker refused the message"))));
        channel.addShutdownListener(cause -> unconfirmed.values().forEach(f -> f.completeExceptionally(cause)));
    }

    /** @param brokerDescription the dev stack's broker line, holding {@code amqp://host:port} (user guest/guest) */
    static RabbitMqNativeClient connect(String brokerDescription) throws Exception {
        Matcher address = AMQP_ADDRESS.matcher(brokerDescription);
        if (!address.find()) {
            throw new IllegalArgumentException("no amqp:// address in the broker description: " + brokerDescription);
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(address.group(1));
        factory.setPort(Integer.parseInt(address.group(2)));
        Connection connection = factory.newConnection("junction-bench-native");
        try {
            return new RabbitMqNativeClient(connection, connection.createChannel());
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, byte[] payload) {
        long tag = channel.getNextPublishSeqNo();
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        unconfirmed.put(tag, confirmed);
        try {
            channel.basicPublish(topic, "", MessageProperties.PERSISTENT_BASIC, payload);
        } catch (IOException | RuntimeException e) {
            unconfirmed.remove(tag);
            confirmed.completeExceptionally(e);
        }
        return confirmed;
    }

    /** A confirmation covers its tag, and with {@code multiple} every earlier one. */
    private void settle(long tag, boolean multiple, Consumer<CompletableFuture<Void>> outcome) {
        NavigableMap<Long, CompletableFuture<Void>> settled = multiple ? unconfirmed.headMap(tag, true)
                : unconfirmed.subMap(tag, true, tag, true);
        settled.values().forEach(outcome);
        settled.clear();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // closing anyway; nothing is waiting on the connection any more
        }
    }
}
