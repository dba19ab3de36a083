package io.junction.core;

import io.junction.core.catalog.DeliveryPolicy;
import io.junction.core.catalog.SubscriptionDefinition;
import io.junction.core.deadletter.DeadLetter;
import io.junction.core.deadletter.DeadLetterStore;
import io.junction.core.delivery.AttemptLedger;
import io.junction.core.delivery.Backoff;
import io.junction.core.delivery.Failure;
import io.junction.core.delivery.KeySequencer;
import io.junction.core.delivery.Pending;
import io.junction.core.state.StateStore;
import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.Delivery;
import io.junction.spi.SeekTarget;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway side of one subscription: the delivery semantics of Junction, once, for every backend.
 *
 * <ul>
 *   <li><b>Per-key order</b>: with ordering {@code key}, a {@link KeySequencer} lets one message per key
 *   out at a time; the next one of that key goes only after the previous was acked or dead-lettered.
 *   Keys are independent, so a key waiting for a retry holds back nothing else.</li>
 *   <li><b>Retries</b>: a nack or an ack-deadline expiry holds the message here (still unacked at the
 *   broker, so a crash loses nothing and the broker redelivers in its own order) and offers it again
 *   after the policy's backoff with the next attempt. Unordered messages on a backend with native delay
 *   go back to the broker instead. Failures are kept in an {@link AttemptLedger} so counts survive restarts.</li>
 *   <li><b>Dead letters</b>: after the last attempt the message is written to the dead-letter queue, and
 *   only then acked at the broker; if the write fails it stays unacked and is retried. In park mode its
 *   key's later messages follow it there until its dead letters are redriven or discarded.</li>
 *   <li><b>Redrive</b>: dead letters return to this subscription only, in queue order, with attempt 1,
 *   sequenced with the live messages of their key.</li>
 * </ul>
 *
 * <p>State is guarded by {@code this}; critical sections are short and never block. Broker and store
 * calls run outside the lock. Fetching starts with the first pull and stops when the subscription was idle
 * for {@link CoreConfig#idleSubscriberTimeout()} with nothing held, so an idle gateway does not sit on
 * messages other instances could deliver.
 */
final class SubscriptionRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionRuntime.class);
    private static final String DEADLINE_PASSED = "ack deadline passed";

    private final Vertx vertx;
    private final Context context;
    private final Backend backend;
    private final CoreConfig config;
    private final CoreMetrics.SubscriptionMeters meters;
    private final StateStore state;
    private final DeadLetterStore deadLetters;
    private final AttemptLedger attempts;
    private final String ackIdPrefix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36) + ".";
    private volatile SubscriptionDefinition definition;
    private volatile Backoff backoff;

    // Guarded by this.
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();
    private final KeySequencer<Pending> sequencer = new KeySequencer<>();
    private final Set<Pending> held = new HashSet<>(); // waiting for a retry or a dead-letter write
    private final Map<Pending, Long> retryTimers = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private Map<String, Integer> parkedKeys;
    private Subscriber subscriber;
    private int generation;
    private boolean paused;
    private boolean closed;
    private long nextAckId;
    private long lastPullMillis;

    private static final class InFlight {
        final Pending item;
        long timerId;

        InFlight(Pending item) {
            this.item = item;
        }
    }

    private record Waiter(int max, Context context, Promise<List<ReceivedMessage>> promise, long[] timerId) {
    }

    /** What a runtime resumes with after a restart, read from the state store. */
    record Restored(AttemptLedger attempts, Map<String, Integer> parkedKeys, List<DeadLetter> redriving) {
    }

    SubscriptionRuntime(Vertx vertx, Context context, Backend backend, CoreConfig config, CoreMetrics metrics,
                        StateStore state, DeadLetterStore deadLetters, SubscriptionDefinition definition,
                        Restored restored) {
        this.vertx = vertx;
        this.context = context;
        this.backend = backend;
        this.config = config;
        this.state = state;
        this.deadLetters = deadLetters;
        this.attempts = restored.attempts();
        this.definition = definition;
        this.backoff = new Backoff(definition.policy().retry());
        this.meters = metrics.forSubscription(definition.name(), this::readyCount, this::inFlightCount,
                this::waitingCount, this::heldCount);
        synchronized (this) {
            this.parkedKeys = new HashMap<>(restored.parkedKeys());
            restored.redriving().forEach(this::admitRedriven);
        }
    }

    /** Reads a subscription's persisted delivery state. Blocks: state store thread only. */
    static Restored restore(StateStore state, DeadLetterStore deadLetters, Context context, String subscription) {
        return new Restored(AttemptLedger.load(state, context, subscription), deadLetters.parkedKeys(subscription),
                deadLetters.redriving(subscription));
    }

    SubscriptionDefinition definition() {
        return definition;
    }

    void redefine(SubscriptionDefinition newDefinition) {
        this.definition = newDefinition;
        this.backoff = new Backoff(newDefinition.policy().retry());
    }

    // ---- client operations (event loop) ----

    Future<List<ReceivedMessage>> pull(int max, Duration wait) {
        Context caller = vertx.getOrCreateContext();
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(deleted());
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
            Waiter waiter = new Waiter(max, caller, Promise.promise(), new long[1]);
            waiters.add(waiter);
            waiter.timerId[0] = vertx.setTimer(wait.toMillis(), id -> expireWaiter(waiter));
            updateFlow();
            return waiter.promise().future();
        }
    }

    Future<SettleResult> ack(List<String> ackIds) {
        Context caller = vertx.getOrCreateContext();
        Map<String, Pending> taken = take(ackIds);
        meters.acked.increment(taken.size());
        Map<String, CompletionStage<Void>> outcomes = new LinkedHashMap<>();
        taken.forEach((ackId, item) -> outcomes.put(ackId, settle(item)));
        return collect(outcomes, unknownOf(ackIds, taken), caller);
    }

    /** @param delay null for the policy's backoff */
    Future<SettleResult> nack(List<String> ackIds, Duration delay, String reason) {
        Context caller = vertx.getOrCreateContext();
        Map<String, Pending> taken = take(ackIds);
        meters.nacked.increment(taken.size());
        Map<String, CompletionStage<Void>> outcomes = new LinkedHashMap<>();
        taken.forEach((ackId, item) -> {
            fail(item, reason == null ? "nacked" : reason, delay);
            outcomes.put(ackId, CompletableFuture.completedFuture(null));
        });
        return collect(outcomes, unknownOf(ackIds, taken), caller);
    }

    /** Back to the front of the queue, same attempt: the client never got them. */
    Future<SettleResult> release(List<String> ackIds) {
        Context caller = vertx.getOrCreateContext();
        Map<String, Pending> taken = take(ackIds);
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            if (!closed) {
                List<Pending> items = new ArrayList<>(taken.values());
                for (int i = items.size() - 1; i >= 0; i--) {
                    ready.addFirst(items.get(i)); // still their keys' heads
                }
                serveWaiters(completions);
                updateFlow();
            }
        }
        completions.forEach(Runnable::run);
        Map<String, CompletionStage<Void>> outcomes = new LinkedHashMap<>();
        taken.keySet().forEach(id -> outcomes.put(id, CompletableFuture.completedFuture(null)));
        return collect(outcomes, unknownOf(ackIds, taken), caller);
    }

    Future<SettleResult> extend(List<String> ackIds, Duration extension) {
        Context caller = vertx.getOrCreateContext();
        Map<String, CompletionStage<Void>> outcomes = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        synchronized (this) {
            for (String ackId : new LinkedHashSet<>(ackIds)) {
                InFlight f = inFlight.get(ackId);
                if (f == null) {
                    unknown.add(ackId);
                } else {
                    vertx.cancelTimer(f.timerId);
                    f.timerId = vertx.setTimer(Math.max(1, extension.toMillis()), id -> expire(ackId));
                    Delivery d = f.item.delivery;
                    outcomes.put(ackId, d == null ? CompletableFuture.<Void>completedFuture(null) : d.extend(extension));
                }
            }
        }
        return collect(outcomes, unknown, caller);
    }

    /**
     * Returns dead letters (all when {@code messageIds} is null, at most {@code limit}) to this
     * subscription, in queue order, with attempt 1. Completes with how many.
     */
    Future<Integer> redrive(List<String> messageIds, int limit) {
        String sub = definition.name();
        return state.run(context, () -> {
            List<DeadLetter> marked = deadLetters.markRedriving(sub, messageIds, limit);
            return new Object[] {marked, deadLetters.parkedKeys(sub)};
        }).map(result -> {
            @SuppressWarnings("unchecked")
            List<DeadLetter> marked = (List<DeadLetter>) result[0];
            @SuppressWarnings("unchecked")
            Map<String, Integer> parked = (Map<String, Integer>) result[1];
            List<Runnable> completions = new ArrayList<>();
            synchronized (this) {
                if (!closed) {
                    parkedKeys = new HashMap<>(parked);
                    marked.forEach(this::admitRedriven);
                    serveWaiters(completions);
                    updateFlow();
                }
            }
            completions.forEach(Runnable::run);
            meters.redriven.increment(marked.size());
            return marked.size();
        });
    }

    /** Discards one dead letter. Completes with false when there is none of that id. */
    Future<Boolean> discard(String messageId) {
        String sub = definition.name();
        return state.run(context, () -> new Object[] {deadLetters.remove(sub, messageId), deadLetters.parkedKeys(sub)})
                .map(result -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Integer> parked = (Map<String, Integer>) result[1];
                    synchronized (this) {
                        parkedKeys = new HashMap<>(parked);
                    }
                    return (Boolean) result[0];
                });
    }

    /**
     * Rewinds the subscription: what this gateway holds of it is dropped (the backend delivers again from
     * the new position; the ackIds handed out become unknown), the backend moves its cursor, and redrives
     * in progress are taken up again from the dead-letter store.
     */
    Future<Void> seek(SeekTarget target) {
        Subscriber old;
        synchronized (this) {
            if (closed) {
                return Future.failedFuture(deleted());
            }
            old = subscriber;
            subscriber = null;
            generation++;
            paused = false;
            inFlight.values().forEach(f -> vertx.cancelTimer(f.timerId));
            inFlight.clear();
            retryTimers.values().forEach(vertx::cancelTimer);
            retryTimers.clear();
            held.clear();
            sequencer.clear();
            ready.clear();
        }
        SubscriptionDefinition def = definition;
        Future<Void> stopped = old == null ? Future.succeededFuture()
                : Future.fromCompletionStage(old.close(), context).otherwiseEmpty();
        return stopped
                .compose(v -> Future.fromCompletionStage(backend.seek(new SubscriptionSpec(def.name(), def.topic()), target), context))
                .compose(v -> state.run(context, () -> deadLetters.redriving(def.name())))
                .map(redriving -> {
                    synchronized (this) {
                        if (!closed) {
                            redriving.forEach(this::admitRedriven);
                        }
                    }
                    return null;
                });
    }

    /** Stops fetching when nobody pulled for the idle timeout and nothing is held here. */
    void stopIfIdle(long nowMillis) {
        Subscriber idle;
        synchronized (this) {
            boolean holding = !inFlight.isEmpty() || !held.isEmpty() || sequencer.waiting() > 0
                    || ready.stream().anyMatch(Pending::fromDeadLetters);
            if (subscriber == null || !waiters.isEmpty() || holding
                    || nowMillis - lastPullMillis < config.idleSubscriberTimeout().toMillis()) {
                return;
            }
            idle = detachSubscriber();
        }
        LOG.debug("subscription {} idle; returning prefetched messages to the broker", definition.name());
        closeQuietly(idle);
    }

    /** Stops for good: waiting pulls get an empty answer, what the broker handed out goes back to it. */
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
            retryTimers.values().forEach(vertx::cancelTimer);
            retryTimers.clear();
            held.clear();
            sequencer.clear();
            toClose = detachSubscriber();
            ready.clear();
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
            String id = delivery.message().id();
            Failure failure = attempts.get(id);
            int attempt = Math.max(delivery.attempt(), failure == null ? 1 : failure.attempts() + 1);
            admit(new Pending(delivery.message(), delivery, orderingKey(delivery.message().key()), attempt, failure));
            serveWaiters(completions);
            updateFlow();
        }
        completions.forEach(Runnable::run);
    }

    private void expire(String ackId) {
        Pending item;
        synchronized (this) {
            InFlight f = inFlight.remove(ackId);
            if (f == null) {
                return;
            }
            item = f.item;
        }
        meters.expired.increment();
        fail(item, DEADLINE_PASSED, null);
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

    // ---- outcomes ----

    /** The client is done with it: remove it from the broker or the dead-letter queue, then free its key. */
    private CompletionStage<Void> settle(Pending item) {
        CompletionStage<Void> removal = item.fromDeadLetters()
                ? state.run(context, () -> deadLetters.remove(definition.name(), item.message.id())).<Void>mapEmpty().toCompletionStage()
                : item.delivery.ack();
        return removal.whenComplete((v, err) -> {
            attempts.forget(item.message.id());
            finish(item);
        });
    }

    /** A delivery failed: retry it after a backoff, or dead-letter it when it has used up its attempts. */
    private void fail(Pending item, String reason, Duration requestedDelay) {
        DeliveryPolicy policy = definition.policy();
        item.failure = Failure.next(item.failure, item.attempt, Instant.now(), reason);
        if (policy.deadLetter().enabled() && item.attempt >= policy.retry().maxAttempts()) {
            boolean park = policy.deadLetter().onKeyPoisoned() == DeliveryPolicy.OnKeyPoisoned.PARK && item.orderingKey != null;
            deadLetter(item, park);
            return;
        }
        meters.retries.increment();
        attempts.record(item.message.id(), item.failure);
        Duration delay = requestedDelay != null ? requestedDelay : backoff.after(item.attempt);
        if (item.orderingKey == null && !item.fromDeadLetters() && backend.capabilities().contains(Capability.NATIVE_DELAY)) {
            item.delivery.nack(delay).whenComplete((v, err) -> {
                if (err != null) {
                    LOG.warn("broker did not take back {} of {}; it redelivers it when the consumer reconnects: {}",
                            item.message.id(), definition.name(), err.toString());
                }
                finish(item);
            });
            return;
        }
        retryLater(item, delay);
    }

    private void retryLater(Pending item, Duration delay) {
        synchronized (this) {
            if (closed) {
                return;
            }
            held.add(item);
            retryTimers.put(item, vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
                List<Runnable> completions = new ArrayList<>();
                synchronized (this) {
                    retryTimers.remove(item);
                    if (!held.remove(item)) {
                        return;
                    }
                    item.attempt++;
                    ready.addFirst(item); // still its key's head: the key waited for it
                    serveWaiters(completions);
                    updateFlow();
                }
                completions.forEach(Runnable::run);
            }));
            updateFlow();
        }
    }

    /** Writes it to the dead-letter queue (durably), then removes it from the broker, then frees its key. */
    private void deadLetter(Pending item, boolean park) {
        synchronized (this) {
            if (closed) {
                return;
            }
            held.add(item);
        }
        String sub = definition.name();
        state.run(context, () -> deadLetters.put(sub, item.message, item.failure, Instant.now(), park))
                .onSuccess(entry -> {
                    meters.deadLettered.increment();
                    attempts.forget(item.message.id());
                    CompletionStage<Void> removal = item.fromDeadLetters()
                            ? CompletableFuture.<Void>completedFuture(null) : item.delivery.ack();
                    removal.whenComplete((v, err) -> {
                        if (err != null) {
                            LOG.warn("dead-lettered {} of {} but the broker did not confirm its ack; it may come back once: {}",
                                    item.message.id(), sub, err.toString());
                        }
                        synchronized (this) {
                            held.remove(item);
                            if (park) {
                                parkedKeys.merge(item.orderingKey, 1, Integer::sum);
                            }
                        }
                        finish(item);
                    });
                })
                .onFailure(err -> {
                    LOG.error("could not write {} of {} to the dead-letter queue; it stays unacked and is retried",
                            item.message.id(), sub, err);
                    synchronized (this) {
                        held.remove(item);
                    }
                    retryLater(item, definition.policy().retry().maxBackoff());
                });
    }

    /** Its key may go on: the next message of the key becomes eligible. */
    private void finish(Pending item) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Pending next = sequencer.release(item.orderingKey);
            if (next != null) {
                becomeEligible(next);
            }
            serveWaiters(completions);
            updateFlow();
        }
        completions.forEach(Runnable::run);
    }

    // ---- helpers, called with the lock held ----

    private void admit(Pending item) {
        if (sequencer.admit(item.orderingKey, item)) {
            becomeEligible(item);
        }
    }

    private void admitRedriven(DeadLetter d) {
        admit(new Pending(d.message(), null, orderingKey(d.message().key()), 1, null));
    }

    /** It is its key's head: hand it out, unless its key is parked, then it follows the key's dead letters. */
    private void becomeEligible(Pending item) {
        if (item.orderingKey != null && parkedKeys.containsKey(item.orderingKey)) {
            item.failure = Failure.next(item.failure, item.attempt - 1, Instant.now(),
                    "parked behind an earlier dead letter of key " + item.orderingKey);
            deadLetter(item, true); // in order: the store runs its writes in submission order
        } else {
            ready.add(item);
        }
    }

    private String orderingKey(String key) {
        return definition.policy().ordering() == DeliveryPolicy.Ordering.KEY ? key : null;
    }

    private List<ReceivedMessage> takeReady(int max) {
        if (ready.isEmpty()) {
            return List.of();
        }
        long deadlineMillis = definition.ackDeadline().toMillis();
        Instant deadline = Instant.now().plusMillis(deadlineMillis);
        List<ReceivedMessage> out = new ArrayList<>(Math.min(max, ready.size()));
        while (out.size() < max && !ready.isEmpty()) {
            Pending item = ready.poll();
            String ackId = ackIdPrefix + Long.toString(nextAckId++, 36);
            InFlight f = new InFlight(item);
            f.timerId = vertx.setTimer(deadlineMillis, id -> expire(ackId));
            inFlight.put(ackId, f);
            out.add(new ReceivedMessage(ackId, item.message, item.attempt, deadline));
        }
        meters.delivered.increment(out.size());
        return out;
    }

    private void serveWaiters(List<Runnable> completions) {
        while (!ready.isEmpty() && !waiters.isEmpty()) {
            Waiter w = waiters.poll();
            vertx.cancelTimer(w.timerId[0]);
            List<ReceivedMessage> batch = takeReady(w.max());
            completions.add(() -> complete(w, batch));
        }
    }

    private Map<String, Pending> take(List<String> ackIds) {
        Map<String, Pending> taken = new LinkedHashMap<>();
        synchronized (this) {
            for (String ackId : new LinkedHashSet<>(ackIds)) {
                InFlight f = inFlight.remove(ackId);
                if (f != null) {
                    vertx.cancelTimer(f.timerId);
                    taken.put(ackId, f.item);
                }
            }
        }
        return taken;
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

    /** Called only when nothing but broker messages is in {@code ready}: the closing subscriber returns them. */
    private Subscriber detachSubscriber() {
        Subscriber s = subscriber;
        subscriber = null;
        generation++;
        ready.removeIf(item -> {
            if (item.fromDeadLetters()) {
                return false;
            }
            sequencer.release(item.orderingKey);
            return true;
        });
        paused = false;
        return s;
    }

    /** Pauses the backend while enough is fetched or held; resumes below half the prefetch. */
    private void updateFlow() {
        if (subscriber == null) {
            return;
        }
        int holding = ready.size() + inFlight.size() + held.size() + sequencer.waiting();
        int limit = definition.policy().maxInFlight();
        boolean full = ready.size() >= config.prefetch() || holding >= limit;
        if (full && !paused) {
            paused = true;
            subscriber.pause();
        } else if (paused && ready.size() < Math.max(1, config.prefetch() / 2) && holding < limit) {
            paused = false;
            subscriber.resume();
        }
    }

    private JunctionException deleted() {
        return new JunctionException(ErrorType.SUBSCRIPTION_NOT_FOUND, "subscription '" + definition.name() + "' was deleted");
    }

    private static List<String> unknownOf(List<String> ackIds, Map<String, Pending> taken) {
        return new LinkedHashSet<>(ackIds).stream().filter(id -> !taken.containsKey(id)).toList();
    }

    /** Waits for each outcome (outside the lock) and sorts the ackIds by it. */
    private Future<SettleResult> collect(Map<String, CompletionStage<Void>> stages, List<String> unknown, Context caller) {
        List<String> ids = new ArrayList<>(stages.keySet());
        List<Future<Void>> outcomes = ids.stream().map(id -> Future.fromCompletionStage(stages.get(id), caller)).toList();
        return Future.join(outcomes).transform(ignored -> {
            List<String> settled = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (outcomes.get(i).succeeded()) {
                    settled.add(ids.get(i));
                } else {
                    failed.add(ids.get(i));
                    LOG.warn("could not settle {} on {}: {}", ids.get(i), definition.name(), outcomes.get(i).cause().toString());
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

    private synchronized int heldCount() {
        return held.size() + sequencer.waiting();
    }
}
