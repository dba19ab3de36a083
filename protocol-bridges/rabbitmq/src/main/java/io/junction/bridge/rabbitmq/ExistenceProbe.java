package io.junction.bridge.rabbitmq;

import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.Channel;

/**
 * Existence checks by passive declare. The broker answers "absent" by closing the channel (404 NOT_FOUND),
 * so the probe keeps a channel of its own, never shared with real work, and opens a fresh one after each
 * negative answer. Not thread-safe: one owning thread.
 */
final class ExistenceProbe implements AutoCloseable {
    private final Connector connector;
    private Channel channel;

    ExistenceProbe(Connector connector) {
        this.connector = connector;
    }

    boolean exchangeExists(String exchange) throws Exception {
        try {
            channel().exchangeDeclarePassive(exchange);
            return true;
        } catch (Exception e) {
            return absent(e);
        }
    }

    boolean queueExists(String queue) throws Exception {
        try {
            channel().queueDeclarePassive(queue);
            return true;
        } catch (Exception e) {
            return absent(e);
        }
    }

    /** The subscription's shard queues: {@code :00}, {@code :01}, ... up to the first one missing. */
    List<String> shardQueues(String subscription) throws Exception {
        List<String> queues = new ArrayList<>();
        for (int i = 0; i < RabbitMqSettings.MAX_SHARDS; i++) {
            String queue = Names.shardQueue(subscription, i);
            if (!queueExists(queue)) {
                break;
            }
            queues.add(queue);
        }
        return queues;
    }

    @Override
    public void close() {
        Channel c = channel;
        channel = null;
        if (c != null && c.isOpen()) {
            try {
                c.close();
            } catch (Exception e) {
                // the connection went meanwhile: nothing to close
            }
        }
    }

    private Channel channel() throws Exception {
        if (channel == null || !channel.isOpen()) {
            channel = connector.openChannel();
        }
        return channel;
    }

    /** False for the broker's 404 (the channel is gone with it); anything else is a real failure. */
    private boolean absent(Exception e) throws Exception {
        if (Errors.isNotFound(e)) {
            channel = null;
            return false;
        }
        throw e;
    }
}
