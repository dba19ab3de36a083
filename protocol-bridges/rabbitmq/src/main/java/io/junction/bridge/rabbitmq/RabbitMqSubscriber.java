package io.junction.bridge.rabbitmq;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;

import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.BackendException;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;

/**
 * One consumer of a subscription: a channel with one AMQP consumer per shard queue. With
 * single-active-consumer on every shard queue, the broker delivers each shard to one consumer at a time in
 * the whole cluster, so a key (which lives in one shard) is never delivered to two gateways at once, and
 * when this consumer goes, the next one takes over where it stopped, returned messages first.
 *
 * <p>Everything happens on the subscriber's own thread {@code junction-rabbitmq-sub-<name>}: opening the
 * channel and its consumers, handing deliveries to the sink (in arrival order, i.e. broker order per shard),
 * and every ack and nack (AMQP channels are not for concurrent use). The client's dispatch threads only
 * hand deliveries over to that thread. Settlements are written in batches followed by one synchronous
 * round trip ({@code basic.qos} with the unchanged prefetch), so a settlement completes once the broker has
 * processed it, and fails RETRIABLE if the connection died first. AMQP 0-9-1 has no durable ack
 * confirmation: a broker crash right after can still redeliver an acknowledged message (at least once).
 *
 * <p>The broker window is {@code basic.qos(prefetch)} per shard consumer, so at most shards &times; prefetch
 * messages are unacknowledged here; while paused, arriving deliveries wait in a buffer bounded by that
 * window. A nack with a delay keeps the message until the delay has passed, then returns it with
 * {@code basic.nack(requeue)} (RabbitMQ has no per-message delay without a plugin). When the channel or
 * connection is lost, or the broker cancels a consumer (a deleted queue), the channel is reopened every
 * {@code retryIntervalMs}; deliveries from the lost channel then fail to settle with RETRIABLE, and the
 * broker redelivers them with {@code x-delivery-count} one higher.
 */
final class RabbitMqSubscriber implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqSubscriber.class);

    private final SubscriptionSpec spec;
    private final int prefetch;
    private final DeliverySink sink;
    private final Connector connector;
    private final RabbitMqSettings settings;
    private final Completions completions;
    private final Consumer<RabbitMqSubscriber> onClosed;
    private final ScheduledThreadPoolExecutor thread;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object lock = new Object(); // guards closing against settlements being queued
    private volatile boolean paused;
    private volatile boolean closing;
    // guarded by lock
    private final List<Settlement> queued = new ArrayList<>();
    private final Map<RabbitMqDelivery, Settlement> delayed = new HashMap<>();
    // subscriber thread only
    private final ArrayDeque<RabbitMqDelivery> buffer = new ArrayDeque<>();
    private Channel channel;
    private boolean reportedUnavailable;

    private record Settlement(RabbitMqDelivery delivery, boolean ack, CompletableFuture<Void> done) {
    }

    RabbitMqSubscriber(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink, Connector connector,
                       RabbitMqSettings settings, Completions completions, Consumer<RabbitMqSubscriber> onClosed) {
        this.spec = spec;
        this.prefetch = options.prefetch();
        this.sink = sink;
        this.connector = connector;
        this.settings = settings;
        this.completions = completions;
        this.onClosed = onClosed;
        this.thread = new ScheduledThreadPoolExecutor(1, Threads.named("junction-rabbitmq-sub-" + spec.name()));
        this.thread.setRemoveOnCancelPolicy(true);
        this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void start() {
        execute(this::open);
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        execute(this::handOver);
    }

    /** Settlements accepted before are still sent; unsettled deliveries go back to the broker. */
    @Override
    public CompletionStage<Void> close() {
        List<Settlement> cut;
        synchronized (lock) {
            if (closing) {
                return closed;
            }
            closing = true;
            cut = new ArrayList<>(delayed.values());
            delayed.clear();
        }
        // their messages go back to the queue now, with the channel, without waiting out the delay
        cut.forEach(s -> completions.fail(s.done, Errors.of(ErrorKind.CLOSED, "subscriber of " + spec.name()
                + " closed during the nack's delay")));
        execute(this::shutDown);
        return closed;
    }

    boolean isClosed() {
        return closing;
    }

    /** Queues an ack ({@code nackDelay} null) or a nack for the subscriber thread. */
    CompletableFuture<Void> settle(RabbitMqDelivery delivery, Duration nackDelay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            BackendException refused = delivery.settlement().claim(closing, spec.name());
            if (refused != null) {
                completions.fail(done, refused);
            } else {
                Settlement s = new Settlement(delivery, nackDelay == null, done);
                if (nackDelay != null && nackDelay.toNanos() > 0) {
                    delayed.put(delivery, s);
                    long delayMs = (nackDelay.toNanos() + 999_999) / 1_000_000; // never sooner than asked
                    schedule(() -> releaseDelayed(delivery), delayMs);
                } else {
                    queued.add(s);
                    execute(this::flush);
                }
            }
        }
        return done;
    }

    // ---- subscriber thread ----

    private void open() {
        if (closing) {
            return;
        }
        Channel ch = null;
        try (ExistenceProbe probe = new ExistenceProbe(connector)) {
            List<String> lanes = probe.shardQueues(spec.name());
            if (lanes.isEmpty()) {
                throw Errors.of(ErrorKind.NOT_FOUND, "subscription " + spec.name() + " has no shard queues");
            }
            ch = connector.openChannel();
            ch.basicQos(prefetch);
            Channel opened = ch;
            ch.addShutdownListener(signal -> execute(() -> lost(opened, signal)));
            channel = ch;
            for (String lane : lanes) {
                ch.basicConsume(lane, false, new LaneConsumer(ch, lane));
            }
            if (reportedUnavailable) {
                LOG.info("Consuming subscription {} again", spec.name());
            }
            reportedUnavailable = false;
        } catch (Exception e) {
            channel = null;
            closeQuietly(ch);
            if (!reportedUnavailable) { // once per outage, not every retry
                reportedUnavailable = true;
                LOG.warn("Cannot consume subscription {} ({}); retrying every {} ms", spec.name(),
                        Errors.classify(e).getMessage(), settings.retryIntervalMs());
            }
            schedule(this::open, settings.retryIntervalMs());
        }
    }

    private void receive(Channel from, String lane, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        if (from != channel) {
            return; // that channel is gone: the broker has the message back
        }
        buffer.add(new RabbitMqDelivery(this, from, lane, envelope.getDeliveryTag(),
                MessageCodec.decode(envelope, properties, body), MessageCodec.attempt(properties)));
        handOver();
    }

    private void handOver() {
        while (!paused && !closing && !buffer.isEmpty()) {
            RabbitMqDelivery d = buffer.poll();
            try {
                sink.accept(d);
            } catch (RuntimeException e) {
                LOG.warn("Delivery sink of {} failed; the delivery stays unsettled", spec.name(), e);
            }
        }
    }

    /** Sends the queued settlements, then one round trip; completes them once the broker has processed them. */
    private void flush() {
        List<Settlement> batch;
        synchronized (lock) {
            batch = new ArrayList<>(queued);
            queued.clear();
        }
        Channel ch = channel;
        List<Settlement> sent = new ArrayList<>();
        for (Settlement s : batch) {
            if (ch == null || s.delivery.channel() != ch) {
                failSettlement(s, Errors.of(ErrorKind.RETRIABLE,
                        "the channel this message arrived on is gone; RabbitMQ redelivers it"));
                continue;
            }
            try {
                if (s.ack) {
                    ch.basicAck(s.delivery.deliveryTag(), false);
                } else {
                    ch.basicNack(s.delivery.deliveryTag(), false, true);
                }
                sent.add(s);
            } catch (Exception e) {
                failSettlement(s, e);
            }
        }
        if (sent.isEmpty()) {
            return;
        }
        try {
            ch.basicQos(prefetch); // synchronous, and the broker handles a channel's frames in order
            sent.forEach(s -> completions.complete(s.done, null));
        } catch (Exception e) {
            sent.forEach(s -> failSettlement(s, e));
        }
    }

    private void releaseDelayed(RabbitMqDelivery delivery) {
        synchronized (lock) {
            Settlement s = delayed.remove(delivery);
            if (s == null) {
                return; // closed meanwhile
            }
            queued.add(s);
        }
        flush();
    }

    private void lost(Channel ch, ShutdownSignalException signal) {
        if (ch != channel) {
            return; // an earlier channel, or one this subscriber closed itself
        }
        channel = null;
        buffer.clear(); // their messages are back in the queues
        if (!closing) {
            LOG.warn("Channel of subscription {} closed ({}); reopening", spec.name(), signal.getMessage());
            schedule(this::open, settings.retryIntervalMs());
        }
    }

    /** The broker cancelled a consumer (its queue was deleted): start over with whatever queues exist then. */
    private void restart(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        buffer.clear();
        closeQuietly(ch);
        if (!closing) {
            LOG.warn("RabbitMQ cancelled a consumer of subscription {}; reopening", spec.name());
            schedule(this::open, settings.retryIntervalMs());
        }
    }

    private void shutDown() {
        flush();
        Channel ch = channel;
        channel = null;
        buffer.clear();
        closeQuietly(ch); // unsettled messages go back to their queues, counted in x-delivery-count
        thread.shutdown();
        completions.complete(closed, null);
        onClosed.accept(this);
    }

    // ---- helpers ----

    private void failSettlement(Settlement s, Exception cause) {
        s.delivery.settlement().unclaim();
        completions.fail(s.done, cause);
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException afterShutdown) {
            // closed: the broker has every unsettled message back
        }
    }

    private void schedule(Runnable task, long delayMs) {
        try {
            thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException afterShutdown) {
            // closed
        }
    }

    private void closeQuietly(Channel ch) {
        if (ch != null && ch.isOpen()) {
            try {
                ch.close();
            } catch (Exception e) {
                LOG.debug("Closing the channel of {} failed", spec.name(), e);
            }
        }
    }

    /** One shard queue's consumer: hands its callbacks to the subscriber thread. */
    private final class LaneConsumer extends DefaultConsumer {
        private final String lane;

        LaneConsumer(Channel channel, String lane) {
            super(channel);
            this.lane = lane;
        }

        @Override
        public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            Channel from = getChannel();
            execute(() -> receive(from, lane, envelope, properties, body));
        }

        @Override
        public void handleCancel(String consumerTag) {
            Channel from = getChannel();
            execute(() -> restart(from));
        }
    }
}
