package io.junction.core;

import io.junction.core.catalog.SubscriptionDefinition;
import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway side of one subscription of an at-most-once topic: no acks, no retries, no dead letters.
 * It consumes while clients pull (from a pull until {@link CoreConfig#idleSubscriberTimeout()} passed without
 * one) and keeps what arrives in a buffer of the policy's {@code maxInFlight} messages; when the buffer is
 * full the oldest message is dropped and counted. A pull takes messages out of the buffer for good: they
 * carry no ackId, attempt 1 and no deadline. Only {@code maxInFlight} of the policy applies.
 *
 * <p>State is guarded by {@code this}; deliveries arrive on the adapter's threads and are never settled (an
 * at-most-once delivery needs none).
 */
final class AtMostOnceRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(AtMostOnceRuntime.class);

    private final Vertx vertx;
    private final Backend backend;
    private final CoreConfig config;
    private final CoreMetrics.AtMostOnceMeters meters;
    private volatile SubscriptionDefinition definition;

    // Guarded by this.
    private final ArrayDeque<Message> buffer = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private Subscriber subscriber;
    private int generation;
    private boolean closed;
    private long lastPullMillis;

    private record Waiter(int max, Context context, Promise<List<ReceivedMessage>> promise, long[] timerId) {
    }

    AtMostOnceRuntime(Vertx vertx, Backend backend, CoreConfig config, CoreMetrics metrics,
                      SubscriptionDefinition definition) {
        this.vertx = vertx;
        this.backend = backend;
        this.config = config;
        this.definition = definition;
        this.meters = metrics.forAtMostOnce(definition.name(), this::readyCount, this::waitingCount);
    }

    void redefine(SubscriptionDefinition newDefinition) {
        this.definition = newDefinition;
    }

    Future<List<ReceivedMessage>> pull(int max, Duration wait) {
        Context caller = vertx.getOrCreateContext();
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(new JunctionException(ErrorType.SUBSCRIPTION_NOT_FOUND,
                        "subscription '" + definition.name() + "' was deleted"));
            }
            lastPullMillis = System.currentTimeMillis();
            ensureSubscribed();
            List<ReceivedMessage> available = take(max);
            if (!available.isEmpty() || wait.isZero()) {
                return Future.succeededFuture(available);
            }
            if (waiters.size() >= config.maxWaitingPulls()) {
                return Future.failedFuture(new JunctionException(ErrorType.TOO_MANY_REQUESTS,
                        "too many pulls are waiting on subscription '" + definition.name() + "' (limit "
                                + config.maxWaitingPulls() + ")"));
            }
            Waiter waiter = new Waiter(max, caller, Promise.promise(), new long[1]);
            waiters.add(waiter);
            waiter.timerId[0] = vertx.setTimer(wait.toMillis(), id -> expire(waiter));
            return waiter.promise().future();
        }
    }

    /** Stops consuming when nobody pulled for the idle timeout; the buffer is kept for the next pull. */
    void stopIfIdle(long nowMillis) {
        Subscriber idle;
        synchronized (this) {
            if (subscriber == null || !waiters.isEmpty()
                    || nowMillis - lastPullMillis < config.idleSubscriberTimeout().toMillis()) {
                return;
            }
            idle = detach();
        }
        LOG.debug("subscription {} idle; no longer receiving", definition.name());
        closeQuietly(idle);
    }

    /** Stops for good: waiting pulls get an empty answer, the buffer is dropped. */
    Future<Void> close() {
        Subscriber toClose;
        List<Waiter> parked;
        synchronized (this) {
            if (closed) {
                return Future.succeededFuture();
            }
            closed = true;
            parked = new ArrayList<>(waiters);
            waiters.clear();
            buffer.clear();
            toClose = detach();
        }
        parked.forEach(w -> {
            vertx.cancelTimer(w.timerId()[0]);
            complete(w, List.of());
        });
        meters.close();
        return toClose == null ? Future.succeededFuture() : Future.fromCompletionStage(toClose.close()).otherwiseEmpty();
    }

    /** Adapter thread. */
    private void accept(int fromGeneration, Delivery delivery) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            if (closed || fromGeneration != generation) {
                return;
            }
            int limit = definition.policy().maxInFlight();
            while (buffer.size() >= limit) {
                buffer.poll();
                meters.dropped.increment();
            }
            buffer.add(delivery.message());
            while (!buffer.isEmpty() && !waiters.isEmpty()) {
                Waiter w = waiters.poll();
                vertx.cancelTimer(w.timerId()[0]);
                List<ReceivedMessage> batch = take(w.max());
                completions.add(() -> complete(w, batch));
            }
        }
        completions.forEach(Runnable::run);
    }

    private void expire(Waiter waiter) {
        boolean removed;
        synchronized (this) {
            removed = waiters.remove(waiter);
        }
        if (removed) {
            complete(waiter, List.of());
        }
    }

    // ---- helpers, called with the lock held ----

    private List<ReceivedMessage> take(int max) {
        List<ReceivedMessage> out = new ArrayList<>(Math.min(max, buffer.size()));
        while (out.size() < max && !buffer.isEmpty()) {
            out.add(new ReceivedMessage(null, buffer.poll(), 1, null));
        }
        meters.delivered.increment(out.size());
        return out;
    }

    private void ensureSubscribed() {
        if (subscriber != null) {
            return;
        }
        int myGeneration = ++generation;
        SubscriptionDefinition def = definition;
        // The prefetch bounds what the adapter holds before handing it here; it drops beyond that (uncounted).
        subscriber = backend.subscribe(new SubscriptionSpec(def.name(), def.topic()),
                new SubscribeOptions(config.prefetch()), d -> accept(myGeneration, d));
    }

    private Subscriber detach() {
        Subscriber s = subscriber;
        subscriber = null;
        generation++;
        return s;
    }

    // ---- without the lock ----

    private static void complete(Waiter w, List<ReceivedMessage> messages) {
        w.context().runOnContext(v -> w.promise().tryComplete(messages));
    }

    private void closeQuietly(Subscriber s) {
        if (s != null) {
            s.close().whenComplete((v, err) -> {
                if (err != null) {
                    LOG.warn("closing subscriber of {} failed: {}", definition.name(), err.toString());
                }
            });
        }
    }

    private synchronized int readyCount() {
        return buffer.size();
    }

    private synchronized int waitingCount() {
        return waiters.size();
    }
}
