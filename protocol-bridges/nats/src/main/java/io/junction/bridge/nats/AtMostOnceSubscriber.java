package io.junction.bridge.nats;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.junction.bridge.support.Completions;
import io.junction.spi.DeliverySink;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;

/**
 * A consumer of a subscription of an at-most-once topic: a core NATS subscription to the topic's subjects
 * ({@code <token>.>}) in the queue group named after the subscription, so the subscribers of one subscription
 * (in this and other gateways) share its messages while each subscription gets every message. The client's
 * dispatcher thread hands each message to the sink as it arrives; it holds at most {@code prefetch} messages
 * not yet handed over, and drops the rest (a slow consumer, logged by the connection). Nothing is buffered
 * anywhere else: while paused, what arrives is dropped, and the count is logged on resume.
 */
final class AtMostOnceSubscriber implements Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(AtMostOnceSubscriber.class);

    private final SubscriptionSpec spec;
    private final String stream;
    private final DeliverySink sink;
    private final Connection connection;
    private final Completions completions;
    private final Consumer<Subscriber> onClosed;
    private final int prefetch;
    private final AtomicLong droppedWhilePaused = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Dispatcher dispatcher;
    private volatile boolean paused;

    AtMostOnceSubscriber(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink, Connection connection,
                         Completions completions, Consumer<Subscriber> onClosed) {
        this.spec = spec;
        this.stream = Subjects.token(spec.topic());
        this.sink = sink;
        this.connection = connection;
        this.completions = completions;
        this.onClosed = onClosed;
        this.prefetch = options.prefetch();
    }

    /**
     * Subscribes on the caller's thread without waiting for the server: the subscription goes out before
     * anything this connection publishes afterwards, so the server has it by then.
     */
    void start() {
        Dispatcher d = connection.createDispatcher(this::onMessage);
        d.setPendingLimits(prefetch, io.nats.client.Consumer.DEFAULT_MAX_BYTES);
        d.subscribe(Subjects.wildcard(spec.topic()), Subjects.token(spec.name()));
        dispatcher = d;
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        long dropped = droppedWhilePaused.getAndSet(0);
        if (dropped > 0) {
            LOG.info("Subscription {}: {} messages of at-most-once topic {} dropped while paused", spec.name(), dropped,
                    spec.topic());
        }
    }

    @Override
    public CompletionStage<Void> close() {
        if (closing.compareAndSet(false, true)) {
            try {
                connection.closeDispatcher(dispatcher); // unsubscribes; nothing to give back
            } catch (RuntimeException e) { // the connection is closed: so is the subscription
                LOG.debug("Closing the subscription of {} failed", spec.name(), e);
            }
            onClosed.accept(this);
            completions.complete(closed, null);
        }
        return closed;
    }

    /** Dispatcher thread. */
    private void onMessage(io.nats.client.Message raw) {
        if (closing.get()) {
            return;
        }
        if (paused) {
            droppedWhilePaused.incrementAndGet();
            return;
        }
        AtMostOnceDelivery delivery;
        try {
            delivery = new AtMostOnceDelivery(MessageCodec.decodeCore(raw), Subjects.lane(stream, raw.getSubject()), completions);
        } catch (RuntimeException e) {
            LOG.warn("Cannot read a message of {} on {}; dropped", spec.name(), raw.getSubject(), e);
            return;
        }
        try {
            sink.accept(delivery);
        } catch (RuntimeException e) {
            LOG.warn("Delivery sink of {} failed; the message is lost", spec.name(), e);
        }
    }
}
