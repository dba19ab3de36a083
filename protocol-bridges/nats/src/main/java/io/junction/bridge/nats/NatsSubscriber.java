package io.junction.bridge.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;

/**
 * One puller of a subscription's durable consumer, on its own receiver thread
 * {@code junction-nats-sub-<subscription>}: it binds to the consumer, sends one pull request at a time
 * (up to {@code prefetch} messages, expiring after {@code pollIntervalMs}) and hands each message to the
 * sink as it arrives, in the consumer's order. {@link #pause()} stops sending pull requests; the one
 * outstanding still delivers what it fetched.
 *
 * <p>Every delivery handed out and not yet settled is kept reserved: a timer sends {@code +WPI} for each of
 * them every third of the consumer's AckWait, so JetStream never redelivers a message the gateway still
 * holds, however long the gateway's retries take; only a dead gateway's deliveries come back, after the
 * AckWait. {@link #close()} lets the outstanding pull end, then naks the unsettled deliveries in stream
 * order (each redelivery counts as the next attempt) and unsubscribes.
 *
 * <p>The first subscriber of a subscription in a backend instance passes its deliveries through a
 * {@link RecoveryGate} when the consumer had pending messages, so that a key keeps its order across a
 * gateway crash.
 */
final class NatsSubscriber implements Subscriber, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NatsSubscriber.class);
    /** Longest single wait for a message, so that close() is noticed promptly. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long after its expiry a pull request is still waited for: its last messages may be on the way. */
    private static final long PULL_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final SubscriptionSpec spec;
    private final String stream;
    private final String durable;
    private final int batch;
    private final DeliverySink sink;
    private final Connection connection;
    private final JetStream jetStream;
    private final NatsSettings settings;
    private final Completions completions;
    private final Executor outbox;
    private final Predicate<String> firstBind;
    private final Consumer<NatsSubscriber> onClosed;
    /** Deliveries received and not settled, by stream sequence: kept reserved, nak'd on close. */
    private final ConcurrentSkipListMap<Long, NatsDelivery> unsettled = new ConcurrentSkipListMap<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Object lock = new Object(); // guards closing against settlements; the pause monitor
    private volatile boolean paused;
    private volatile boolean closing;
    // receiver thread only
    private JetStreamSubscription subscription;
    private RecoveryGate gate;
    private ScheduledFuture<?> keepAlive;
    private boolean pulling;
    private int pullRemaining;
    private long pullDeadlineNanos;
    private boolean reportedUnavailable;

    /**
     * @param firstBind answers true the first time it is asked about a subscription in this backend instance
     */
    NatsSubscriber(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink, Connection connection,
                   JetStream jetStream, NatsSettings settings, Completions completions, Executor outbox,
                   Predicate<String> firstBind, Consumer<NatsSubscriber> onClosed) {
        this.spec = spec;
        this.stream = Subjects.token(spec.topic());
        this.durable = Subjects.token(spec.name());
        this.batch = options.prefetch();
        this.sink = sink;
        this.connection = connection;
        this.jetStream = jetStream;
        this.settings = settings;
        this.completions = completions;
        this.outbox = outbox;
        this.firstBind = firstBind;
        this.onClosed = onClosed;
    }

    void start() {
        Threads.start("junction-nats-sub-" + spec.name(), this);
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

    /** Acks or naks: the delivery leaves the reserved set at once (a failed settlement comes back after the AckWait). */
    CompletableFuture<Void> settle(NatsDelivery delivery, byte[] body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (closing) {
                completions.fail(done, Errors.of(ErrorKind.CLOSED, "subscriber of " + spec.name() + " is closed"));
                return done;
            }
            if (!delivery.claim()) {
                completions.fail(done, Errors.of(ErrorKind.NOT_FOUND, "delivery already settled"));
                return done;
            }
            unsettled.remove(delivery.streamSequence(), delivery);
        }
        send(delivery, body, done, true);
        return done;
    }

    /** Restarts the delivery's AckWait now. */
    CompletableFuture<Void> touch(NatsDelivery delivery) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            if (closing) {
                completions.fail(done, Errors.of(ErrorKind.CLOSED, "subscriber of " + spec.name() + " is closed"));
                return done;
            }
            if (delivery.isSettled()) {
                completions.fail(done, Errors.of(ErrorKind.NOT_FOUND, "delivery already settled"));
                return done;
            }
        }
        send(delivery, NatsDelivery.IN_PROGRESS, done, false);
        return done;
    }

    @Override
    public void run() {
        try {
            while (!(closing && !pulling)) {
                if (subscription == null) {
                    if (!closing && !bind()) {
                        idle(settings.retryIntervalMs());
                    }
                } else if (pulling) {
                    receive();
                } else if (paused || !gate.mayPull(System.nanoTime())) {
                    idle(settings.pollIntervalMs());
                } else if (connection.getStatus() != Connection.Status.CONNECTED) {
                    idle(settings.retryIntervalMs()); // the client buffers nothing while reconnecting
                } else {
                    pull();
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
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            returnUnsettled();
            unbind();
            completions.complete(closed, null);
            onClosed.accept(this);
        }
    }

    private boolean bind() {
        JetStreamSubscription fresh = null;
        try {
            fresh = jetStream.subscribe(null, PullSubscribeOptions.bind(stream, durable));
            ConsumerInfo info = fresh.getConsumerInfo();
            long ackWaitMs = info.getConsumerConfiguration().getAckWait().toMillis();
            if (gate == null) {
                boolean recovering = firstBind.test(spec.name()) && info.getNumAckPending() > 0;
                gate = recovering ? RecoveryGate.closed(info.getNumAckPending(), ackWaitMs, batch, System.nanoTime())
                        : RecoveryGate.opened();
                if (recovering) {
                    LOG.info("Subscription {}: {} messages were pending at start; new ones wait (at most {} ms) until"
                            + " those come back, to keep each key's order", spec.name(), info.getNumAckPending(), ackWaitMs + 1000);
                }
            }
            keepReserved(ackWaitMs);
            subscription = fresh;
            reportedUnavailable = false;
            return true;
        } catch (Exception e) {
            if (fresh != null) {
                unsubscribeQuietly(fresh);
            }
            if (!reportedUnavailable) { // once per outage, not every retry
                reportedUnavailable = true;
                LOG.warn("Cannot consume subscription {} ({}); retrying every {} ms", spec.name(),
                        Errors.classify(e).getMessage(), settings.retryIntervalMs());
            }
            return false;
        }
    }

    private void pull() {
        long now = System.nanoTime();
        try {
            subscription.pullExpiresIn(batch, Duration.ofMillis(settings.pollIntervalMs()));
        } catch (RuntimeException e) { // the connection was closed under us
            LOG.warn("Pull from {} failed; binding again", spec.name(), e);
            unbind();
            return;
        }
        pulling = true;
        pullRemaining = batch;
        pullDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(settings.pollIntervalMs()) + PULL_SLACK_NANOS;
        gate.pullStarted(now);
    }

    private void receive() throws InterruptedException {
        long left = pullDeadlineNanos - System.nanoTime();
        if (left <= 0 || pullRemaining == 0) {
            pulling = false;
            handAll(gate.pullEnded());
            return;
        }
        io.nats.client.Message message;
        try {
            message = subscription.nextMessage(Duration.ofNanos(Math.min(left, MAX_WAIT_NANOS)));
        } catch (IllegalStateException e) { // e.g. 409 consumer deleted, or the subscription closed
            LOG.warn("Consumer of {} failed ({}); binding again", spec.name(), e.getMessage());
            pulling = false;
            unbind();
            return;
        }
        if (message == null) {
            return; // keep waiting until the pull expires
        }
        pullRemaining--;
        NatsDelivery delivery;
        try {
            delivery = new NatsDelivery(this, message, stream);
        } catch (RuntimeException e) { // not readable as a JetStream message: left to the AckWait, logged each time
            LOG.warn("Cannot read a message of {} on {}; skipped", spec.name(), message.getSubject(), e);
            return;
        }
        unsettled.put(delivery.streamSequence(), delivery);
        if (!closing) {
            handAll(gate.offer(delivery));
        }
    }

    private void handAll(List<NatsDelivery> deliveries) {
        for (NatsDelivery d : deliveries) {
            try {
                sink.accept(d);
            } catch (RuntimeException e) {
                LOG.warn("Delivery sink of {} failed; the delivery stays unsettled", spec.name(), e);
            }
        }
    }

    /** (Re)starts the timer that keeps every unsettled delivery reserved. */
    private void keepReserved(long ackWaitMs) {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        keepAlive = completions.every(() -> {
            List<String> replies = unsettled.values().stream().map(NatsDelivery::replyTo).toList();
            if (!replies.isEmpty()) {
                execute(() -> replies.forEach(reply -> connection.publish(reply, NatsDelivery.IN_PROGRESS)));
            }
        }, Math.max(1, ackWaitMs / 3));
    }

    /** Sends an acknowledgement as a request, on the outbox thread; {@code done} completes with the server's answer. */
    private void send(NatsDelivery delivery, byte[] body, CompletableFuture<Void> done, boolean settles) {
        try {
            outbox.execute(() -> {
                try {
                    completions.within(connection.requestWithTimeout(delivery.replyTo(), body, callTimeout()),
                            settings.callTimeoutMs(), () -> Errors.noAnswer("ack", settings.callTimeoutMs())).whenComplete((reply, failure) -> finish(delivery, done, settles, failure));
                } catch (RuntimeException e) { // the connection is closed
                    finish(delivery, done, settles, e);
                }
            });
        } catch (RejectedExecutionException e) {
            finish(delivery, done, settles, Errors.closed());
        }
    }

    private void finish(NatsDelivery delivery, CompletableFuture<Void> done, boolean settles, Throwable failure) {
        if (failure == null) {
            completions.complete(done, null);
            return;
        }
        if (settles) {
            delivery.unclaim();
        }
        completions.fail(done, failure);
    }

    private void execute(Runnable task) {
        try {
            outbox.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.debug("Keeping the deliveries of {} reserved failed: {}", spec.name(), e.toString());
                }
            });
        } catch (RejectedExecutionException closing) {
            // the backend is closing: the deliveries go back anyway
        }
    }

    /**
     * Hands the unsettled deliveries (also any message still buffered by the client) back, in stream order,
     * and waits for the server to confirm, bounded by the call timeout.
     */
    private void returnUnsettled() {
        if (subscription != null) {
            try {
                for (int i = 0; i < batch; i++) {
                    io.nats.client.Message buffered = subscription.nextMessage((Duration) null);
                    if (buffered == null) {
                        break;
                    }
                    NatsDelivery d = new NatsDelivery(this, buffered, stream);
                    unsettled.put(d.streamSequence(), d);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("Draining the client buffer of {} failed", spec.name(), e);
            }
        }
        List<CompletableFuture<?>> naks = new ArrayList<>();
        try {
            for (NatsDelivery d : unsettled.values()) {
                if (d.claim()) {
                    naks.add(connection.requestWithTimeout(d.replyTo(), NatsDelivery.NAK, callTimeout()));
                }
            }
            CompletableFuture.allOf(naks.toArray(CompletableFuture[]::new)).get(settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Returning the unsettled messages of {} failed; they come back after the AckWait", spec.name(), e);
        }
        unsettled.clear();
    }

    private void unbind() {
        if (subscription != null) {
            unsubscribeQuietly(subscription);
            subscription = null;
        }
    }

    private void unsubscribeQuietly(JetStreamSubscription s) {
        try {
            s.unsubscribe();
        } catch (RuntimeException e) {
            LOG.debug("Unsubscribing from {} failed", spec.name(), e);
        }
    }

    private Duration callTimeout() {
        return Duration.ofMillis(settings.callTimeoutMs());
    }

    /** Waits for resume() or close(), at most {@code ms}. */
    private void idle(long ms) throws InterruptedException {
        synchronized (lock) {
            if (!closing) {
                lock.wait(ms);
            }
        }
    }
}
