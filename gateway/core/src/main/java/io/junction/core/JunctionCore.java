package io.junction.core;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.junction.core.catalog.Catalog;
import io.junction.core.catalog.CatalogSnapshot;
import io.junction.core.catalog.CatalogStore;
import io.junction.core.catalog.DeliveryPolicy;
import io.junction.core.catalog.SubscriptionDefinition;
import io.junction.core.deadletter.DeadLetter;
import io.junction.core.deadletter.DeadLetterStore;
import io.junction.core.catalog.TopicDefinition;
import io.junction.core.idempotency.IdempotencyStore;
import io.junction.core.idempotency.IdempotentPublisher;
import io.junction.core.idempotency.MvStoreIdempotencyStore;
import io.junction.core.state.StateStore;
import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.DeliveryMode;
import io.junction.spi.SeekTarget;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The gateway's engine, one per process: the catalog of topics and subscriptions, publishing, and the
 * delivery runtime of every subscription. Every method returns at once; futures complete on the
 * caller's Vert.x context. Inputs are validated here, so every entry point gets the same errors.
 */
public final class JunctionCore {
    private static final Logger LOG = LoggerFactory.getLogger(JunctionCore.class);
    /** Redrives and discards are written here, one line each: who, when (the log's time), what. */
    private static final Logger AUDIT = LoggerFactory.getLogger("io.junction.audit");
    /** Most dead letters one redrive call moves; call again for more. */
    public static final int MAX_REDRIVE = 10_000;
    /** Page cache of the state store: bounds its memory whatever the number of records. */
    static final int STATE_CACHE_MB = 16;

    private final Vertx vertx;
    private final CoreConfig config;
    private final BackendRouter router;
    private final CatalogStore store;
    private final Catalog catalog;
    private final CoreMetrics metrics;
    private final StateStore state;
    private final DeadLetterStore deadLetters;
    private final IdempotencyStore idempotency;
    private final IdempotentPublisher publisher;
    private final Map<String, SubscriptionRuntime> runtimes = new ConcurrentHashMap<>();
    /** Subscriptions of at-most-once topics; a subscription is in this map or in {@link #runtimes}, never both. */
    private final Map<String, AtMostOnceRuntime> atMostOnce = new ConcurrentHashMap<>();
    private final TimeBasedEpochGenerator uuidV7 = Generators.timeBasedEpochGenerator();
    private final ExecutorService catalogWriter;
    private final long idleTimer;
    private volatile boolean closed;

    private JunctionCore(Vertx vertx, CoreConfig config, BackendRouter router, CatalogStore store, Catalog catalog,
                         CoreMetrics metrics, StateStore state) {
        this.vertx = vertx;
        this.state = state;
        this.deadLetters = new DeadLetterStore(state);
        this.idempotency = new MvStoreIdempotencyStore(vertx, state, config.dedupWindow());
        this.publisher = new IdempotentPublisher(vertx, idempotency);
        this.config = config;
        this.router = router;
        this.store = store;
        this.catalog = catalog;
        this.metrics = metrics;
        this.catalogWriter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "junction-catalog-writer");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.min(10_000, config.idleSubscriberTimeout().toMillis() / 4));
        this.idleTimer = vertx.setPeriodic(period, id -> {
            long now = System.currentTimeMillis();
            runtimes.values().forEach(r -> r.stopIfIdle(now));
            atMostOnce.values().forEach(r -> r.stopIfIdle(now));
        });
    }

    /**
     * Starts every backend, loads the catalog and re-provisions what it lists (idempotently, so a broker
     * that lost its state gets the topics and subscriptions back).
     */
    public static Future<JunctionCore> start(Vertx vertx, CoreConfig config, BackendRouter router, CatalogStore store,
                                             CoreMetrics metrics) {
        List<String> errors = config.validate();
        if (!errors.isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException(String.join("; ", errors)));
        }
        List<Future<Void>> starts = router.all().entrySet().stream()
                .map(e -> Future.fromCompletionStage(e.getValue().start(), vertx.getOrCreateContext())
                        .recover(err -> Future.failedFuture(new IllegalStateException(
                                "backend '" + e.getKey() + "' did not start: " + BackendErrors.unwrap(err).getMessage(), err))))
                .toList();
        return Future.all(starts)
                .compose(v -> vertx.executeBlocking(() -> new Object[] {store.load(),
                        StateStore.open(config.dataDir(), STATE_CACHE_MB)}))
                .map(loaded -> new JunctionCore(vertx, config, router, store, new Catalog((CatalogSnapshot) loaded[0]),
                        metrics, (StateStore) loaded[1]))
                .compose(core -> core.reprovision().map(core));
    }

    private Future<Void> reprovision() {
        List<Future<Boolean>> work = new ArrayList<>();
        for (TopicDefinition t : catalog.topics()) {
            Backend b = router.backend(t.backend());
            Future<Boolean> topic = call(() -> b.ensureTopic(topicSpec(t.name(), t.delivery())), ErrorType.TOPIC_NOT_FOUND, "topic " + t.name());
            for (SubscriptionDefinition s : catalog.subscriptionsOf(t.name())) {
                work.add(topic.compose(x -> call(() -> b.ensureSubscription(new SubscriptionSpec(s.name(), s.topic())),
                        ErrorType.SUBSCRIPTION_NOT_FOUND, "subscription " + s.name())));
                if (t.delivery() == DeliveryMode.AT_MOST_ONCE) {
                    atMostOnce.put(s.name(), new AtMostOnceRuntime(vertx, b, config, metrics, s));
                    continue;
                }
                work.add(newRuntime(b, s).map(r -> {
                    runtimes.put(s.name(), r);
                    return true;
                }));
            }
            work.add(topic);
        }
        return Future.all(work).mapEmpty();
    }

    /** Forgets a deleted subscription's dead letters and attempt counts. State store thread only. */
    private void dropDeliveryState(String subscription) {
        deadLetters.dropSubscription(subscription);
        state.map("attempts." + subscription).clear();
    }

    /** A runtime resuming what the state store kept for this subscription (attempts, parked keys, redrives). */
    private Future<SubscriptionRuntime> newRuntime(Backend backend, SubscriptionDefinition def) {
        var context = vertx.getOrCreateContext();
        return state.run(context, () -> SubscriptionRuntime.restore(state, deadLetters, context, def.name()))
                .map(restored -> new SubscriptionRuntime(vertx, context, backend, config, metrics, state, deadLetters,
                        def, restored));
    }

    public CoreConfig config() {
        return config;
    }

    // ---- topics ----

    /** An at-least-once topic: {@link #putTopic(String, DeliveryMode)}. */
    public Future<Upserted<TopicInfo>> putTopic(String name) {
        return putTopic(name, DeliveryMode.AT_LEAST_ONCE);
    }

    /**
     * Creates the topic with this delivery mode, or leaves it as it is when it exists with the same mode.
     * Fails CONFLICT when it exists with the other mode, CAPABILITY_UNSUPPORTED when an at-most-once topic is
     * asked of a backend without {@link Capability#AT_MOST_ONCE}.
     */
    public Future<Upserted<TopicInfo>> putTopic(String name, DeliveryMode delivery) {
        Objects.requireNonNull(delivery, "delivery");
        return guard(() -> {
            Names.require("topic", name);
            Optional<TopicDefinition> existing = catalog.topic(name);
            if (existing.isPresent() && existing.get().delivery() != delivery) {
                throw new JunctionException(ErrorType.CONFLICT, "topic '" + name + "' already exists with delivery "
                        + wireName(existing.get().delivery()) + "; delete it first to make it " + wireName(delivery));
            }
            String backendName = existing.map(TopicDefinition::backend).orElseGet(() -> router.backendNameFor(name));
            Backend b = router.backend(backendName);
            if (delivery == DeliveryMode.AT_MOST_ONCE && !b.capabilities().contains(Capability.AT_MOST_ONCE)) {
                throw new JunctionException(ErrorType.CAPABILITY_UNSUPPORTED, "topic '" + name + "' is on backend '"
                        + backendName + "' (" + b.type() + "), which has no at-most-once delivery");
            }
            return call(() -> b.ensureTopic(topicSpec(name, delivery)), ErrorType.TOPIC_NOT_FOUND, "topic " + name)
                    .compose(ignored -> {
                        boolean created = catalog.addTopic(new TopicDefinition(name, backendName, delivery));
                        return persist().map(v -> new Upserted<>(describe(catalog.topic(name).orElseThrow()), created));
                    });
        });
    }

    public Future<TopicInfo> getTopic(String name) {
        return guard(() -> Future.succeededFuture(describe(requireTopic(name))));
    }

    public Future<List<TopicInfo>> listTopics() {
        return guard(() -> Future.succeededFuture(catalog.topics().stream().map(this::describe).toList()));
    }

    /** Deletes the topic, its subscriptions and all their messages. */
    public Future<Void> deleteTopic(String name) {
        return guard(() -> {
            TopicDefinition t = requireTopic(name);
            Backend b = router.backend(t.backend());
            // The broker goes first: when it fails, the topic and its subscriptions stay as they were.
            return call(() -> b.deleteTopic(name), ErrorType.TOPIC_NOT_FOUND, "topic " + name)
                    .compose(ignored -> {
                        List<String> subscriptions = catalog.removeTopic(name).stream().map(SubscriptionDefinition::name).toList();
                        return Future.join(subscriptions.stream().map(this::stopRuntime).toList())
                                .transform(x -> state.run(vertx.getOrCreateContext(), () -> {
                                    subscriptions.forEach(this::dropDeliveryState);
                                    return null;
                                }));
                    })
                    .compose(x -> idempotency.forgetTopic(name).otherwiseEmpty())
                    .compose(x -> persist());
        });
    }

    // ---- subscriptions ----

    /**
     * Creates the subscription, or updates its policy when it exists on the same topic. On an at-most-once
     * topic only the policy's {@code maxInFlight} applies (the size of its buffer); the rest is kept as given.
     *
     * @param ackDeadline null for the configured default
     * @param policy      null for the defaults ({@link DeliveryPolicy#defaults})
     */
    public Future<Upserted<SubscriptionDefinition>> putSubscription(String name, String topic, Duration ackDeadline,
                                                                   DeliveryPolicy policy) {
        return guard(() -> {
            Names.require("subscription", name);
            Names.require("topic", topic);
            Duration deadline = ackDeadline == null ? config.defaultAckDeadline() : requireAckDeadline("ackDeadlineMs", ackDeadline);
            Optional<SubscriptionDefinition> existing = catalog.subscription(name);
            if (existing.isPresent() && !existing.get().topic().equals(topic)) {
                throw new JunctionException(ErrorType.CONFLICT, "subscription '" + name + "' already exists on topic '"
                        + existing.get().topic() + "'; delete it first to move it to '" + topic + "'");
            }
            DeliveryPolicy effective = policy == null ? DeliveryPolicy.defaults(config.maxInFlight()) : policy;
            List<String> invalid = effective.validate(config.maxInFlight());
            if (!invalid.isEmpty()) {
                throw JunctionException.invalid(String.join("; ", invalid));
            }
            TopicDefinition t = catalog.topic(topic).orElseThrow(() -> topicNotFound(topic));
            Backend b = router.backend(t.backend());
            SubscriptionDefinition def = new SubscriptionDefinition(name, topic, deadline, effective);
            return call(() -> b.ensureSubscription(new SubscriptionSpec(name, topic)), ErrorType.TOPIC_NOT_FOUND, "topic " + topic)
                    .compose(ignored -> {
                        if (t.delivery() == DeliveryMode.AT_MOST_ONCE) {
                            atMostOnce.computeIfAbsent(name, n -> new AtMostOnceRuntime(vertx, b, config, metrics, def))
                                    .redefine(def);
                            return Future.succeededFuture();
                        }
                        SubscriptionRuntime existingRuntime = runtimes.get(name);
                        if (existingRuntime != null) {
                            existingRuntime.redefine(def);
                            return Future.succeededFuture();
                        }
                        return newRuntime(b, def).map(r -> {
                            runtimes.put(name, r);
                            return null;
                        });
                    })
                    .compose(ignored -> {
                        boolean created = catalog.putSubscription(def).isEmpty();
                        return persist().map(v -> new Upserted<>(def, created));
                    });
        });
    }

    public Future<SubscriptionDefinition> getSubscription(String name) {
        return guard(() -> Future.succeededFuture(requireSubscription(name)));
    }

    public Future<List<SubscriptionDefinition>> listSubscriptions() {
        return guard(() -> Future.succeededFuture(catalog.subscriptions()));
    }

    public Future<Void> deleteSubscription(String name) {
        return guard(() -> {
            SubscriptionDefinition s = requireSubscription(name);
            TopicDefinition t = catalog.topic(s.topic()).orElseThrow(() -> topicNotFound(s.topic()));
            Backend b = router.backend(t.backend());
            return stopRuntime(name)
                    .compose(v -> call(() -> b.deleteSubscription(new SubscriptionSpec(s.name(), s.topic())),
                            ErrorType.SUBSCRIPTION_NOT_FOUND, "subscription " + name))
                    .compose(v -> state.run(vertx.getOrCreateContext(), () -> {
                        dropDeliveryState(name);
                        return null;
                    }))
                    .compose(v -> {
                        catalog.removeSubscription(name);
                        return persist();
                    });
        });
    }

    // ---- publishing ----

    /** A new message id: a UUIDv7, so ids sort by creation time. */
    public String newMessageId() {
        return uuidV7.generate().toString();
    }

    public Future<PublishReceipt> publish(String topic, Message message) {
        return publishBatch(topic, List.of(message)).map(list -> list.get(0));
    }

    /**
     * Publishes in order; completes after the broker durably accepted every message. A message whose id was
     * published to the topic inside the dedup window is not sent again: its receipt is the first one, marked
     * duplicate. The same id with a different message fails the call with IDEMPOTENCY_CONFLICT.
     */
    public Future<List<PublishReceipt>> publishBatch(String topic, List<Message> messages) {
        return publishBatch(topic, messages, Set.of());
    }

    /**
     * As {@link #publishBatch(String, List)}, where {@code generatedIds} are ids the gateway made up
     * ({@link #newMessageId()}): nobody can retry with them, so they skip the dedup window's records.
     */
    public Future<List<PublishReceipt>> publishBatch(String topic, List<Message> messages, Set<String> generatedIds) {
        return guard(() -> {
            TopicDefinition t = requireTopic(topic);
            checkBatch(messages);
            Backend b = router.backend(t.backend());
            // An at-most-once topic keeps no idempotency records: a repeat could not be told from a new message anyway.
            Future<List<PublishReceipt>> published = t.delivery() == DeliveryMode.AT_MOST_ONCE ? send(b, topic, messages)
                    : publisher.publish(topic, messages, generatedIds, fresh -> send(b, topic, fresh));
            return published.andThen(ar -> {
                if (ar.succeeded()) {
                    metrics.duplicates(topic, (int) ar.result().stream().filter(PublishReceipt::duplicate).count());
                } else {
                    metrics.publishFailed(topic, ((JunctionException) ar.cause()).type());
                }
            });
        });
    }

    /** Sends messages not published before to the broker. */
    private Future<List<PublishReceipt>> send(Backend b, String topic, List<Message> messages) {
        Future<List<PublishReceipt>> sent = messages.size() == 1
                ? call(() -> b.publish(topic, messages.get(0)), ErrorType.TOPIC_NOT_FOUND, "the message").map(List::of)
                : call(() -> b.publishBatch(topic, messages), ErrorType.TOPIC_NOT_FOUND, "the batch");
        return sent.onSuccess(receipts -> metrics.published(topic, messages.size()));
    }

    // ---- consuming ----

    public Future<List<ReceivedMessage>> pull(String subscription, int maxMessages, Duration wait) {
        return guard(() -> {
            CoreConfig.Limits limits = config.limits();
            if (maxMessages < 1 || maxMessages > limits.maxPullMessages()) {
                throw JunctionException.invalid("maxMessages must be between 1 and " + limits.maxPullMessages());
            }
            if (wait.isNegative() || wait.compareTo(limits.maxPullWait()) > 0) {
                throw JunctionException.invalid("waitMs must be between 0 and " + limits.maxPullWait().toMillis());
            }
            requireSubscription(subscription);
            AtMostOnceRuntime unacknowledged = atMostOnce.get(subscription);
            return unacknowledged != null ? unacknowledged.pull(maxMessages, wait) : runtime(subscription).pull(maxMessages, wait);
        });
    }

    public Future<SettleResult> ack(String subscription, List<String> ackIds) {
        return guard(() -> runtime(subscription).ack(requireAckIds(ackIds)));
    }

    /**
     * @param delay  null for the subscription's backoff
     * @param reason the client's word on why, kept as the failure's {@code lastError}; may be null
     */
    public Future<SettleResult> nack(String subscription, List<String> ackIds, Duration delay, String reason) {
        return guard(() -> {
            if (delay != null && (delay.isNegative() || delay.compareTo(config.maxAckDeadline()) > 0)) {
                throw JunctionException.invalid("delayMs must be between 0 and " + config.maxAckDeadline().toMillis());
            }
            return runtime(subscription).nack(requireAckIds(ackIds), delay, reason);
        });
    }

    /**
     * Rewinds a subscription to a time or a backend position, where its topic's backend keeps history
     * ({@link Capability#REPLAY}); the others answer CAPABILITY_UNSUPPORTED.
     */
    public Future<Void> seek(String subscription, SeekTarget target) {
        return guard(() -> {
            SubscriptionDefinition s = requireAcknowledged(subscription);
            TopicDefinition t = catalog.topic(s.topic()).orElseThrow(() -> topicNotFound(s.topic()));
            Backend b = router.backend(t.backend());
            if (!b.capabilities().contains(Capability.REPLAY)) {
                throw new JunctionException(ErrorType.CAPABILITY_UNSUPPORTED, "topic '" + t.name() + "' is on backend '"
                        + t.backend() + "' (" + b.type() + "), which keeps no history: subscriptions cannot be rewound");
            }
            return runtime(subscription).seek(target)
                    .recover(err -> Future.failedFuture(BackendErrors.translate(err, ErrorType.SUBSCRIPTION_NOT_FOUND,
                            "the seek of subscription " + subscription)));
        });
    }

    // ---- dead letters ----

    /** A page of the subscription's dead letters, oldest first, after the given sequence (-1: from the start). */
    public Future<List<DeadLetter>> listDeadLetters(String subscription, long afterSequence, int limit) {
        return guard(() -> {
            requireAcknowledged(subscription);
            if (limit < 1 || limit > config.limits().maxPullMessages()) {
                throw JunctionException.invalid("limit must be between 1 and " + config.limits().maxPullMessages());
            }
            return state.run(vertx.getOrCreateContext(), () -> deadLetters.list(subscription, afterSequence, limit));
        });
    }

    public Future<DeadLetter> getDeadLetter(String subscription, String messageId) {
        return guard(() -> {
            requireAcknowledged(subscription);
            return state.run(vertx.getOrCreateContext(), () -> deadLetters.get(subscription, messageId))
                    .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(deadLetterNotFound(subscription, messageId))));
        });
    }

    /**
     * Returns dead letters (the named ones, or all when {@code messageIds} is null; at most
     * {@link #MAX_REDRIVE} per call) to this subscription only, in their queue order. Audited.
     *
     * @param actor who asked, for the audit log
     */
    public Future<Integer> redrive(String subscription, List<String> messageIds, String actor) {
        return guard(() -> runtime(subscription).redrive(messageIds, MAX_REDRIVE).onSuccess(n ->
                AUDIT.info("action=redrive subscription={} requested={} redriven={} actor={}", subscription,
                        describeIds(messageIds), n, actor)));
    }

    /** Discards one dead letter for good. Audited. */
    public Future<Void> discardDeadLetter(String subscription, String messageId, String actor) {
        return guard(() -> runtime(subscription).discard(messageId).compose(found -> {
            if (!found) {
                return Future.failedFuture(deadLetterNotFound(subscription, messageId));
            }
            AUDIT.info("action=discard subscription={} id={} actor={}", subscription, messageId, actor);
            return Future.succeededFuture();
        }));
    }

    /**
     * Hands deliveries back without counting an attempt, e.g. when the client that pulled them was gone
     * before it got them.
     */
    public Future<SettleResult> release(String subscription, List<String> ackIds) {
        return guard(() -> runtime(subscription).release(requireAckIds(ackIds)));
    }

    public Future<SettleResult> extend(String subscription, List<String> ackIds, Duration extension) {
        return guard(() -> runtime(subscription).extend(requireAckIds(ackIds), requireAckDeadline("ackDeadlineMs", extension)));
    }

    // ---- health and lifecycle ----

    /** Succeeds when every backend is reachable; fails BACKEND_UNAVAILABLE naming the first that is not. */
    public Future<Void> checkReady() {
        if (closed) {
            return Future.failedFuture(new JunctionException(ErrorType.SHUTTING_DOWN, "the gateway is shutting down"));
        }
        List<Future<Void>> checks = router.all().entrySet().stream()
                .map(e -> call(() -> e.getValue().checkHealth(), ErrorType.BACKEND_UNAVAILABLE, "backend " + e.getKey())
                        .recover(err -> Future.failedFuture(new JunctionException(ErrorType.BACKEND_UNAVAILABLE,
                                "backend '" + e.getKey() + "' is not reachable: " + err.getMessage()))))
                .toList();
        return Future.all(checks).mapEmpty();
    }

    /** Stops the subscriptions (unsettled deliveries return to the brokers), then closes the backends. */
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        vertx.cancelTimer(idleTimer);
        idempotency.close();
        List<Future<Void>> stops = new ArrayList<>(runtimes.values().stream().map(SubscriptionRuntime::close).toList());
        atMostOnce.values().forEach(r -> stops.add(r.close()));
        runtimes.clear();
        atMostOnce.clear();
        return Future.join(stops)
                .transform(x -> Future.join(router.all().values().stream()
                        .map(b -> Future.fromCompletionStage(b.close(), vertx.getOrCreateContext()))
                        .toList()))
                .transform(x -> {
                    catalogWriter.shutdown();
                    return vertx.executeBlocking(() -> {
                        state.close();
                        return null;
                    });
                }).mapEmpty();
    }

    // ---- helpers ----

    private TopicInfo describe(TopicDefinition t) {
        Backend b = router.backend(t.backend());
        return new TopicInfo(t.name(), t.backend(), b.type(), t.delivery(), b.capabilities(t.delivery()));
    }

    private TopicDefinition requireTopic(String name) {
        Names.require("topic", name);
        return catalog.topic(name).orElseThrow(() -> topicNotFound(name));
    }

    private SubscriptionDefinition requireSubscription(String name) {
        Names.require("subscription", name);
        return catalog.subscription(name).orElseThrow(() -> subscriptionNotFound(name));
    }

    private SubscriptionRuntime runtime(String name) {
        requireAcknowledged(name);
        SubscriptionRuntime r = runtimes.get(name);
        if (r == null) {
            throw subscriptionNotFound(name);
        }
        return r;
    }

    /**
     * The subscription, when its messages are acknowledged; fails CAPABILITY_UNSUPPORTED on an at-most-once
     * topic, where acks, nacks, deadlines, seeks and dead letters do not exist.
     */
    private SubscriptionDefinition requireAcknowledged(String name) {
        SubscriptionDefinition s = requireSubscription(name);
        if (catalog.topic(s.topic()).map(t -> t.delivery() == DeliveryMode.AT_MOST_ONCE).orElse(false)) {
            throw new JunctionException(ErrorType.CAPABILITY_UNSUPPORTED, "subscription '" + name
                    + "' is on at-most-once topic '" + s.topic() + "': messages are not acknowledged, redelivered or dead-lettered");
        }
        return s;
    }

    /** Stops the subscription's runtime, whichever kind it has. */
    private Future<Void> stopRuntime(String subscription) {
        SubscriptionRuntime r = runtimes.remove(subscription);
        AtMostOnceRuntime a = atMostOnce.remove(subscription);
        return r != null ? r.close() : a != null ? a.close() : Future.succeededFuture();
    }

    private TopicSpec topicSpec(String name, DeliveryMode delivery) {
        return new TopicSpec(name, config.dedupWindow(), delivery);
    }

    /** As clients write it: {@code at-most-once}. */
    private static String wireName(DeliveryMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Duration requireAckDeadline(String field, Duration d) {
        if (d == null || d.toMillis() < 1 || d.compareTo(config.maxAckDeadline()) > 0) {
            throw JunctionException.invalid(field + " must be between 1 and " + config.maxAckDeadline().toMillis());
        }
        return d;
    }

    private static List<String> requireAckIds(List<String> ackIds) {
        if (ackIds == null || ackIds.isEmpty()) {
            throw JunctionException.invalid("ackIds must list at least one ackId");
        }
        return ackIds;
    }

    private void checkBatch(List<Message> messages) {
        CoreConfig.Limits limits = config.limits();
        if (messages.isEmpty()) {
            throw JunctionException.invalid("a batch must contain at least one message");
        }
        if (messages.size() > limits.maxBatchMessages()) {
            throw new JunctionException(ErrorType.PAYLOAD_TOO_LARGE, "a batch may hold at most "
                    + limits.maxBatchMessages() + " messages but this one has " + messages.size());
        }
        long total = 0;
        for (int i = 0; i < messages.size(); i++) {
            int size = messages.get(i).payload().length;
            if (size > limits.maxPayloadBytes()) {
                throw new JunctionException(ErrorType.PAYLOAD_TOO_LARGE, (messages.size() == 1 ? "the payload" : "message " + i)
                        + " has " + size + " bytes; the limit is " + limits.maxPayloadBytes());
            }
            total += size;
        }
        if (messages.size() > 1 && total > limits.maxBatchBytes()) {
            throw new JunctionException(ErrorType.PAYLOAD_TOO_LARGE, "the batch's payloads add up to " + total
                    + " bytes; the limit is " + limits.maxBatchBytes());
        }
    }

    private Future<Void> persist() {
        var snapshot = catalog.snapshot();
        return Future.fromCompletionStage(java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                store.save(snapshot);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, catalogWriter), vertx.getOrCreateContext()).recover(err -> {
            LOG.error("could not persist the catalog", err);
            return Future.failedFuture(new JunctionException(ErrorType.INTERNAL, "the gateway could not save its catalog"));
        });
    }

    /** Calls a backend, translating its failures; synchronous throws become failed futures. */
    private <T> Future<T> call(Supplier<java.util.concurrent.CompletionStage<T>> op, ErrorType notFound, String what) {
        java.util.concurrent.CompletionStage<T> stage;
        try {
            stage = op.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(BackendErrors.translate(e, notFound, what));
        }
        return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
                .recover(err -> Future.failedFuture(BackendErrors.translate(err, notFound, what)));
    }

    private <T> Future<T> guard(Supplier<Future<T>> body) {
        if (closed) {
            return Future.failedFuture(new JunctionException(ErrorType.SHUTTING_DOWN, "the gateway is shutting down"));
        }
        try {
            return body.get();
        } catch (JunctionException e) {
            return Future.failedFuture(e);
        }
    }

    private static JunctionException topicNotFound(String name) {
        return new JunctionException(ErrorType.TOPIC_NOT_FOUND, "topic '" + name + "' does not exist");
    }

    /** For the audit log: "all", or the ids when few, else the first ones and the count. */
    private static String describeIds(List<String> ids) {
        if (ids == null) {
            return "all";
        }
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
    }

    private static JunctionException deadLetterNotFound(String subscription, String id) {
        return new JunctionException(ErrorType.DEAD_LETTER_NOT_FOUND, "subscription '" + subscription
                + "' has no dead letter with id '" + id + "'");
    }

    private static JunctionException subscriptionNotFound(String name) {
        return new JunctionException(ErrorType.SUBSCRIPTION_NOT_FOUND, "subscription '" + name + "' does not exist");
    }
}
