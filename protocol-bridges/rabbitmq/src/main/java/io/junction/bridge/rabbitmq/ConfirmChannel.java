package io.junction.bridge.rabbitmq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;

import io.junction.bridge.support.ExistenceCache;
import io.junction.bridge.support.PublishJob;
import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;

/**
 * A channel in confirm mode and the publishes it has not had confirmed yet, by sequence number. Every
 * publish is {@code mandatory}: a message the topic's exchange routes to no queue at all comes back as a
 * return, just before its confirmation, and fails its job. Broker nacks and a lost channel fail the jobs
 * of the messages concerned as RETRIABLE (outcome unknown).
 *
 * <p>{@link #publish} runs on the owning publisher thread; the listeners run on the client's connection
 * thread; the state is guarded by {@code this}.
 */
final class ConfirmChannel implements ConfirmListener {
    private final Channel channel;
    private final ExistenceCache topics;
    private final NavigableMap<Long, Outstanding> outstanding = new TreeMap<>();
    /** Message ids returned as unroutable and not yet confirmed, with their count (an id may be in flight twice). */
    private final Map<String, Integer> returned = new HashMap<>();
    private long oldestSentNanos;

    private record Outstanding(PublishJob job, String messageId, long sentNanos) {
    }

    ConfirmChannel(Channel channel, ExistenceCache topics) throws IOException {
        this.channel = channel;
        this.topics = topics;
        channel.confirmSelect();
        channel.addConfirmListener(this);
        channel.addReturnListener(this::returned);
        channel.addShutdownListener(this::lost);
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Sends one message of {@code job} (publisher thread); the job hears of its confirmation later. */
    void publish(PublishJob job, Message message) throws IOException {
        MessageCodec.Encoded encoded = MessageCodec.encode(message);
        synchronized (this) {
            long seq = channel.getNextPublishSeqNo();
            long now = System.nanoTime();
            if (outstanding.isEmpty()) {
                oldestSentNanos = now;
            }
            outstanding.put(seq, new Outstanding(job, message.id(), now));
        }
        channel.basicPublish(Names.topicExchange(job.topic()), encoded.routingKey(), true, encoded.properties(), encoded.body());
    }

    /** True when a confirmation has been outstanding for longer than {@code timeoutNanos}: the channel is stuck. */
    synchronized boolean isStalled(long timeoutNanos) {
        return !outstanding.isEmpty() && System.nanoTime() - oldestSentNanos > timeoutNanos;
    }

    /** Closes the channel; the shutdown listener fails what is outstanding. */
    void abandon() {
        try {
            channel.abort();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void handleAck(long deliveryTag, boolean multiple) {
        for (Outstanding o : take(deliveryTag, multiple)) {
            if (wasReturned(o.messageId)) {
                o.job.fail(Errors.of(ErrorKind.TERMINAL, "RabbitMQ routed a message for topic " + o.job.topic()
                        + " to no queue: its exchange has lost every binding (ensuring the topic again repairs it)"));
            } else {
                o.job.confirmOne();
            }
        }
    }

    @Override
    public void handleNack(long deliveryTag, boolean multiple) {
        for (Outstanding o : take(deliveryTag, multiple)) {
            wasReturned(o.messageId);
            o.job.fail(Errors.of(ErrorKind.RETRIABLE, "RabbitMQ did not take responsibility for a message (nack)"));
        }
    }

    private synchronized void returned(Return r) {
        String id = r.getProperties().getMessageId();
        if (id != null) {
            returned.merge(id, 1, Integer::sum);
        }
    }

    private synchronized boolean wasReturned(String messageId) {
        Integer count = returned.get(messageId);
        if (count == null) {
            return false;
        }
        if (count == 1) {
            returned.remove(messageId);
        } else {
            returned.put(messageId, count - 1);
        }
        return true;
    }

    private synchronized List<Outstanding> take(long deliveryTag, boolean multiple) {
        NavigableMap<Long, Outstanding> confirmed = multiple ? outstanding.headMap(deliveryTag, true)
                : outstanding.subMap(deliveryTag, true, deliveryTag, true);
        List<Outstanding> taken = new ArrayList<>(confirmed.values());
        confirmed.clear();
        if (!outstanding.isEmpty()) {
            oldestSentNanos = outstanding.firstEntry().getValue().sentNanos;
        }
        return taken;
    }

    /** The channel is gone: nothing outstanding on it will be confirmed any more. */
    private void lost(ShutdownSignalException cause) {
        List<Outstanding> unconfirmed;
        synchronized (this) {
            unconfirmed = new ArrayList<>(outstanding.values());
            outstanding.clear();
            returned.clear();
        }
        BackendException failure = Errors.of(ErrorKind.RETRIABLE, "the publishing channel closed before RabbitMQ confirmed ("
                + cause.getMessage() + "); the message may or may not be stored");
        for (Outstanding o : unconfirmed) {
            if (Errors.kindOf(cause) == ErrorKind.NOT_FOUND) {
                topics.forget(o.job.topic()); // a topic deleted since it was cached: the retry will see it missing
            }
            o.job.fail(failure);
        }
    }
}
