package io.junction.bridge.artemis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.activemq.artemis.api.core.ActiveMQIllegalStateException;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.utils.CompositeAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.BackendException;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;

/**
 * One consumer of a subscription queue, on its own session and two threads:
 * <ul>
 *   <li>the receiver {@code junction-artemis-sub-<name>} opens the session, receives and hands deliveries
 *   to the sink. It calls nothing on the session but {@code receive}, which can block for a while:
 *   when the local buffer is empty, Artemis asks the broker for a message and waits for the answer, and
 *   while the client is reconnecting that answer only comes after the reconnection.</li>
 *   <li>the settler {@code junction-artemis-sub-<name>-settle} performs every ack and nack, one at a
 *   time. It is the only thread that makes the session calls Artemis guards against concurrent use
 *   (acknowledge, send; the client logs AMQ212051 when two overlap); {@code receive} and its flow-control
 *   credits do not take part in that guard and go through the channel's send lock like everything else.
 *   So acks neither wait for a receive nor race each other.</li>
 * </ul>
 *
 * <p>A nack sends a copy to {@code <topic>::<subscription>} (so only this subscription sees it again) with
 * {@code junction_attempt} one higher, the scheduled-delivery time when delayed and no duplicate id, waits
 * for the broker to store it, then acknowledges the original. A crash between the two leaves a duplicate,
 * never a loss.
 *
 * <p>{@link #close()} completes within about {@code pollIntervalMs}; while the broker is unreachable,
 * once the client has reconnected or given up, or when the backend is closed.
 */
final class ArtemisSubscriber implements Subscriber, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ArtemisSubscriber.class);
    /** Artemis flow control counts bytes: prefetch becomes a window of this many bytes per message. */
    private static final int WINDOW_BYTES_PER_MESSAGE = 1024;

    private final SubscriptionSpec spec;
    private final SimpleString queue;
    private final SimpleString retryAddress;
    private final int windowBytes;
    private final DeliverySink sink;
    private final ArtemisConnection connection;
    private final ArtemisSettings settings;
    private final Completions completions;
    private final Consumer<ArtemisSubscriber> onClosed;
    private final ExecutorService settler;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object lock = new Object(); // guards closing against settlements being queued; the pause monitor
    private volatile boolean paused;
    private volatile boolean closing;
    // written by the receiver, read by the settler
    private volatile ClientSession session;
    private volatile ClientProducer producer;
    // receiver only
    private ClientConsumer consumer;
    private boolean reportedUnavailable;

    ArtemisSubscriber(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink, ArtemisConnection connection,
                      ArtemisSettings settings, Completions completions, Consumer<ArtemisSubscriber> onClosed) {
        this.spec = spec;
        this.queue = SimpleString.of(spec.name());
        this.retryAddress = SimpleString.of(CompositeAddress.toFullyQualified(spec.topic(), spec.name()));
        this.windowBytes = (int) Math.min(Integer.MAX_VALUE, (long) options.prefetch() * WINDOW_BYTES_PER_MESSAGE);
        this.sink = sink;
        this.connection = connection;
        this.settings = settings;
        this.completions = completions;
        this.onClosed = onClosed;
        this.settler = Executors.newSingleThreadExecutor(Threads.named("junction-artemis-sub-" + spec.name() + "-settle"));
    }

    void start() {
        Threads.start("junction-artemis-sub-" + spec.name(), this);
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    @Override
    public CompletionStage<Void> close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        return closed;
    }

    boolean isClosed() {
        return closing;
    }

    /** Hands a settlement to the settler thread; {@code nackDelay} null means ack. */
    CompletableFuture<Void> settle(ArtemisDelivery delivery, Duration nackDelay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            BackendException refused = delivery.settlement().claim(closing, spec.name());
            if (refused != null) {
                completions.fail(done, refused);
            } else {
                settler.execute(() -> perform(delivery, nackDelay, done));
            }
        }
        return done;
    }

    @Override
    public void run() {
        try {
            while (!closing) {
                if (consumer == null && !open()) {
                    idle(settings.retryIntervalMs());
                } else if (paused) {
                    idle(settings.pollIntervalMs());
                } else {
                    receiveOne();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Subscriber of {} stopped unexpectedly", spec.name(), e);
        } finally {
            synchronized (lock) {
                closing = true; // also after an unexpected stop: refuse further settlements
            }
            finishSettlements();
            returnUnsettled();
            disconnect();
            completions.complete(closed, null);
            onClosed.accept(this);
        }
    }

    private boolean open() {
        ClientSession fresh = null;
        try {
            fresh = connection.createSession();
            ClientConsumer c = fresh.createConsumer(queue, null, windowBytes, -1, false);
            ClientProducer p = fresh.createProducer();
            fresh.start();
            consumer = c;
            producer = p;
            session = fresh;
            reportedUnavailable = false;
            return true;
        } catch (Exception e) {
            closeQuietly(fresh);
            if (!reportedUnavailable) { // once per outage, not every retry
                reportedUnavailable = true;
                LOG.warn("Cannot consume subscription {} ({}); retrying every {} ms", spec.name(),
                        Errors.classify(e).getMessage(), settings.retryIntervalMs());
            }
            return false;
        }
    }

    private void receiveOne() {
        ArtemisDelivery delivery;
        try {
            ClientMessage message = consumer.receive(settings.pollIntervalMs());
            if (message == null) {
                return;
            }
            delivery = new ArtemisDelivery(this, session, message); // reads the body: may fail for a large message
        } catch (Exception e) {
            // e.g. the queue was deleted or the client gave up reconnecting: start over
            LOG.warn("Consumer of {} failed; reopening", spec.name(), e);
            disconnect();
            return;
        }
        try {
            sink.accept(delivery);
        } catch (RuntimeException e) {
            LOG.warn("Delivery sink of {} failed; the delivery stays unsettled", spec.name(), e);
        }
    }

    /** Waits for resume() or close(), at most {@code ms}. */
    private void idle(long ms) throws InterruptedException {
        synchronized (lock) {
            if (!closing) {
                lock.wait(ms);
            }
        }
    }

    /** Settler thread. */
    private void perform(ArtemisDelivery delivery, Duration nackDelay, CompletableFuture<Void> done) {
        ClientProducer retryProducer = producer;
        try {
            if (delivery.session() != session) {
                throw Errors.of(ErrorKind.RETRIABLE, "the session this message arrived on is gone; the broker redelivers it");
            }
            if (nackDelay != null) {
                sendRetryCopy(retryProducer, delivery, nackDelay);
            }
            delivery.raw().individualAcknowledge(); // blocks until the broker has stored the ack
            completions.complete(done, null);
        } catch (ActiveMQIllegalStateException notHeld) {
            // after a reconnect the broker no longer holds this delivery for us; it redelivers it
            delivery.settlement().unclaim();
            completions.fail(done, Errors.of(ErrorKind.RETRIABLE, notHeld.getMessage()));
        } catch (Exception e) {
            delivery.settlement().unclaim();
            completions.fail(done, e);
        }
    }

    private void sendRetryCopy(ClientProducer retryProducer, ArtemisDelivery delivery, Duration delay) throws Exception {
        ClientMessage copy = MessageCodec.encode(delivery.session(), delivery.message(), false);
        copy.putIntProperty(MessageCodec.ATTEMPT, delivery.attempt() + 1);
        if (delay.toNanos() > 0) {
            // never sooner than asked: round up, plus 1 ms for the truncated clock; compared with the broker's clock
            long delayMs = (delay.toNanos() + 999_999) / 1_000_000 + 1;
            copy.putLongProperty(ClientMessage.HDR_SCHEDULED_DELIVERY_TIME, System.currentTimeMillis() + delayMs);
        }
        retryProducer.send(retryAddress, copy); // a durable send without handler blocks until the broker stored it
    }

    /** Lets the settlements accepted before close() run; each is bounded by the call timeout. */
    private void finishSettlements() {
        settler.shutdown();
        try {
            settler.awaitTermination(2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Hands unsettled messages back to the queue, counting those the sink received as delivered (as JMS
     * recover does), so that their redelivery carries the next attempt. Closing the session alone
     * would return them uncounted.
     */
    private void returnUnsettled() {
        if (session != null) {
            try {
                session.rollback(true);
            } catch (Exception e) {
                LOG.debug("Returning the unsettled messages of {} failed; closing the session returns them", spec.name(), e);
            }
        }
    }

    private void disconnect() {
        closeQuietly(session);
        session = null;
        producer = null;
        consumer = null;
    }

    private void closeQuietly(ClientSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.debug("Closing the session of {} failed", spec.name(), e);
            }
        }
    }
}
