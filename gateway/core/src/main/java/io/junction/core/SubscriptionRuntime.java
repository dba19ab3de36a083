package io.junction.core;

import io.junction.core.catalog.SubscriptionDefinition;
import io.junction.spi.Backend;
import io.junction.spi.Delivery;
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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The gateway side of one subscription: fetches deliveries from the backend while clients pull,
 * hands them out with ackIds and deadlines, settles them, and redelivers those whose deadline passed.
 *
 * <p>State is guarded by {@code this}; critical sections are short and never block. Backend calls
 * ({@code subscribe} aside, which returns at once) are made outside the lock; pause/resume are
 * non-blocking by the SPI's contract. Pull futures complete on the caller's Vert.x context.
 *
 * <p>Fetching starts with the first pull and stops when nobody pulled for
 * {@link CoreConfig#idleSubscriberTimeout()}, so an idle gateway instance does not sit on messages
 * that clients of another instance could take.
 */
final class SubscriptionRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRuntime.class);

    private final Vertx vertx;
    private final Backend backend;
    private final CoreConfig config;
    private final CoreMetrics.SubscriptionMeters meters;
    private final String ackIdPrefix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36) + ".";
    private volatile SubscriptionDefinition definition;

    // Guarded by this.
    private final ArrayDeque<Delivery> ready = new ArrayDeque<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private Subscriber subscriber;
    private int generation;
    private boolean paused;
    private boolean closed;
    private long nextAckId;
    private long lastPullMillis;

    private static final class InFlight {
        final Delivery delivery;
        long timerId;

        InFlight(Delivery delivery) {
            this.delivery = delivery;
        }
    }

    private record Waiter(int max, Context context, Promise<List<ReceivedMessage>> promise, long[] timerId) {
    }

    SubscriptionRuntime(Vertx vertx, Backend backend, CoreConfig config, CoreMetrics metrics,
                        SubscriptionDefinition definition) {
        this.vertx = vertx;
        this.backend = backend;
        this.config = config;
        this.definition = definition;
        this.meters = metrics.forSubscription(definition.name(), this::readyCount, this::inFlightCount,
                this::waitingCount);
    }

    SubscriptionDefinition definition() {
        return definition;
    }

    void redefine(SubscriptionDefinition newDefinition) {
        this.definition = newDefinition;
    }

    Future<List<ReceivedMessage>> pull(int max, Duration wait) {
        Context context = vertx.getOrCreateContext();
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(new JunctionException(ErrorType.SUBSCRIPTION_NOT_FOUND,
                        "subscription '" + definition.name() + "' was deleted"));
            }
            lastPullMillis = System.currentTimeMillis();
            ensureSubscribed();
            List<ReceivedMessage> available = takeReady(max);
            if (!available.isEmpty() || wait.isZero()) {
                updateFlow();
                return Future.succeededFuture(available);
            }
            if (waiters.size() >= config.maxWaitingPulls()) {
                return Future.failedFuture(new JunctionException(ErrorType.TOO_MANY_REQUESTS,
                        "too many pulls are waiting on subscription '" + definition.name() + "' (limit "
                                + config.maxWaitingPulls() + ")"));
            }
            Waiter waiter = new Waiter(max, context, Promise.promise(), new long[1]);
            waiters.add(waiter);
            waiter.timerId[0] = vertx.setTimer(wait.toMillis(), id -> expireWaiter(waiter));
            updateFlow();
            return waiter.promise().future();
        }
    }

    Future<SettleResult> ack(List<String> ackIds) {
        return settle(ackIds, Delivery::ack, meters.acked);
    }

    Future<SettleResult> nack(List<String> ackIds, Duration delay) {
        return settle(ackIds, d -> d.nack(delay), meters.nacked);
    }

    Future<SettleResult> extend(List<String> ackIds, Duration extension) {
        Context context = vertx.getOrCreateContext();
        List<String> unknown = new ArrayList<>();
        Map<String, Delivery> extended = new LinkedHashMap<>();
        synchronized (this) {
            for (String ackId : new LinkedHashSet<>(ackIds)) {
                InFlight f = inFlight.get(ackId);
                if (f == null) {
                    unknown.add(ackId);
                } else {
                    vertx.cancelTimer(f.timerId);
                    f.timerId = vertx.setTimer(Math.max(1, extension.toMillis()), id -> expire(ackId));
                    extended.put(ackId, f.delivery);
                }
            }
        }
        return collect(extended, d -> d.extend(extension), unknown, context);
    }

    /** Stops fetching when nobody pulled for the idle timeout and nothing is in flight. */
    void stopIfIdle(long nowMillis) {
        Subscriber idle;
        synchronized (this) {
            if (subscriber == null || !waiters.isEmpty() || !inFlight.isEmpty()
                    || nowMillis - lastPullMillis < config.idleSubscriberTimeout().toMillis()) {
                return;
            }
            idle = detachSubscriber();
        }
        LOG.debug("subscription {} idle; returning prefetched messages to the broker", definition.name());
        closeQuietly(idle);
    }

    /** Stops for good: waiting pulls get an empty answer, unsettled deliveries go back to the broker. */
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
            inFlight.values().forEach(f -> vertx.cancelTimer(f.timerId));
            inFlight.clear();
            toClose = detachSubscriber();
        }
        parked.forEach(w -> complete(w, List.of()));
        meters.close();
        return toClose == null ? Future.succeededFuture()
                : Future.fromCompletionStage(toClose.close()).otherwiseEmpty();
    }

    // ---- delivery path (adapter threads) ----

    private void accept(int fromGeneration, Delivery delivery) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            if (closed || fromGeneration != generation) {
                return; // that subscriber was closed; the broker redelivers what it had handed out
            }
            ready.add(delivery);
            while (!ready.isEmpty() && !waiters.isEmpty()) {
                Waiter w = waiters.poll();
                vertx.cancelTimer(w.timerId[0]);
                List<ReceivedMessage> batch = takeReady(w.max());
                completions.add(() -> complete(w, batch));
            }
            updateFlow();
        }
        completions.forEach(Runnable::run);
    }

    private void expire(String ackId) {
        InFlight f;
        synchronized (this) {
            f = inFlight.remove(ackId);
            if (f == null) {
                return;
            }
            updateFlow();
        }
        meters.expired.increment();
        f.delivery.nack(Duration.ZERO).whenComplete((v, err) -> {
            if (err != null) {
                LOG.warn("could not return expired delivery {} of {} to the broker; it is redelivered when the "
                        + "consumer reconnects: {}", f.delivery.message().id(), definition.name(), err.toString());
            }
        });
    }

    private void expireWaiter(Waiter waiter) {
        boolean removed;
        synchronized (this) {
            removed = waiters.remove(waiter);
        }
        if (removed) {
            complete(waiter, List.of());
        }
    }

    // ---- helpers, called with the lock held unless said otherwise ----

    private List<ReceivedMessage> takeReady(int max) {
        if (ready.isEmpty()) {
            return List.of();
        }
        long deadlineMillis = definition.ackDeadline().toMillis();
        Instant deadline = Instant.now().plusMillis(deadlineMillis);
        List<ReceivedMessage> out = new ArrayList<>(Math.min(max, ready.size()));
        while (out.size() < max && !ready.isEmpty()) {
            Delivery d = ready.poll();
            String ackId = ackIdPrefix + Long.toString(nextAckId++, 36);
            InFlight f = new InFlight(d);
            f.timerId = vertx.setTimer(deadlineMillis, id -> expire(ackId));
            inFlight.put(ackId, f);
            out.add(new ReceivedMessage(ackId, d.message(), d.attempt(), deadline));
        }
        meters.delivered.increment(out.size());
        return out;
    }

    private void ensureSubscribed() {
        if (subscriber != null) {
            return;
        }
        int myGeneration = ++generation;
        paused = false;
        SubscriptionDefinition def = definition;
        subscriber = backend.subscribe(new SubscriptionSpec(def.name(), def.topic()),
                new SubscribeOptions(config.prefetch()), d -> accept(myGeneration, d));
    }

    private Subscriber detachSubscriber() {
        Subscriber s = subscriber;
        subscriber = null;
        generation++;
        ready.clear(); // the closing subscriber returns them to the broker
        paused = false;
        return s;
    }

    /** Pauses the backend while enough is fetched or in flight; resumes below half the prefetch. */
    private void updateFlow() {
        if (subscriber == null) {
            return;
        }
        boolean full = ready.size() >= config.prefetch() || ready.size() + inFlight.size() >= config.maxInFlight();
        if (full && !paused) {
            paused = true;
            subscriber.pause();
        } else if (paused && ready.size() < Math.max(1, config.prefetch() / 2)
                && ready.size() + inFlight.size() < config.maxInFlight()) {
            paused = false;
            subscriber.resume();
        }
    }

    private Future<SettleResult> settle(List<String> ackIds, Function<Delivery, CompletionStage<Void>> op,
                                        io.micrometer.core.instrument.Counter counter) {
        Context context = vertx.getOrCreateContext();
        List<String> unknown = new ArrayList<>();
        Map<String, Delivery> taken = new LinkedHashMap<>();
        synchronized (this) {
            for (String ackId : new LinkedHashSet<>(ackIds)) {
                InFlight f = inFlight.remove(ackId);
                if (f == null) {
                    unknown.add(ackId);
                } else {
                    vertx.cancelTimer(f.timerId);
                    taken.put(ackId, f.delivery);
                }
            }
            updateFlow();
        }
        counter.increment(taken.size());
        return collect(taken, op, unknown, context);
    }

    /** Runs {@code op} on each delivery (outside the lock) and sorts the ackIds by outcome. */
    private Future<SettleResult> collect(Map<String, Delivery> deliveries, Function<Delivery, CompletionStage<Void>> op,
                                         List<String> unknown, Context context) {
        List<String> ids = new ArrayList<>(deliveries.keySet());
        List<Future<Void>> outcomes = new ArrayList<>(ids.size());
        for (Delivery d : deliveries.values()) {
            CompletionStage<Void> stage;
            try {
                stage = op.apply(d);
            } catch (RuntimeException e) {
                stage = java.util.concurrent.CompletableFuture.failedFuture(e);
            }
            outcomes.add(Future.fromCompletionStage(stage, context));
        }
        return Future.join(outcomes).transform(ignored -> {
            List<String> settled = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (outcomes.get(i).succeeded()) {
                    settled.add(ids.get(i));
                } else {
                    failed.add(ids.get(i));
                    LOG.warn("broker did not confirm settling {} on {}: {}", ids.get(i), definition.name(),
                            outcomes.get(i).cause().toString());
                }
            }
            return Future.succeededFuture(new SettleResult(settled, unknown, failed));
        });
    }

    /** Completes a waiting pull on its own context. Called without the lock. */
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
        return ready.size();
    }

    private synchronized int inFlightCount() {
        return inFlight.size();
    }

    private synchronized int waitingCount() {
        return waiters.size();
    }
}
