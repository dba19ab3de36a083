package io.junction.bridge.nats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.junction.bridge.support.BackendLifecycle;
import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.DeliveryMode;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** A NATS server with JetStream behind the gateway, through jnats; see the package documentation. */
public final class NatsBackend implements Backend {
    static final String TYPE = "nats";

    private static final Logger LOG = LoggerFactory.getLogger(NatsBackend.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ORDERED_PER_KEY, Capability.NATIVE_DEDUP, Capability.NATIVE_DELAY,
            Capability.DELIVERY_COUNT, Capability.CONSUMER_GROUPS, Capability.AT_MOST_ONCE));
    /** Queue groups share a subscription's messages between gateways; nothing else holds without a stream. */
    private static final Set<Capability> AT_MOST_ONCE_CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.AT_MOST_ONCE, Capability.CONSUMER_GROUPS));

    private final String name;
    private final NatsSettings settings;
    private final Completions completions;
    private final BackendLifecycle lifecycle;
    private final Admin admin;
    /** The one thread that writes publishes and acknowledgements, so no caller ever blocks on the client's buffer. */
    private final ExecutorService outbox;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Set<String> boundSubscriptions = ConcurrentHashMap.newKeySet();
    /**
     * The topics ensured as at-most-once. Nothing on the server tells them apart (they have no stream), so
     * this instance remembers them; the gateway ensures every topic of its catalog at start, which fills it.
     */
    private final Set<String> atMostOnceTopics = ConcurrentHashMap.newKeySet();
    private volatile Connection connection;
    private volatile JetStream jetStream;
    private volatile Publisher publisher;
    private volatile AtMostOncePublisher atMostOncePublisher;

    NatsBackend(String name, NatsSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.completions = new Completions("junction-nats-" + name + "-complete", Errors::classify);
        this.lifecycle = new BackendLifecycle("NATS", name, completions);
        this.admin = new Admin(name, settings, completions);
        this.outbox = Executors.newSingleThreadExecutor(Threads.named("junction-nats-" + name + "-out"));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Set<Capability> capabilities(DeliveryMode mode) {
        return mode == DeliveryMode.AT_MOST_ONCE ? AT_MOST_ONCE_CAPABILITIES : Backend.super.capabilities(mode);
    }

    @Override
    public CompletionStage<Void> start() {
        return lifecycle.start(() -> {
            LOG.info("NATS backend {} connecting with {}", name, settings);
            return admin.connect(name).thenAccept(connected -> {
                jetStream = connected.jetStream();
                publisher = new Publisher(connected.connection(), admin, settings, completions, outbox);
                atMostOncePublisher = new AtMostOncePublisher(name, connected.connection(), settings, completions, outbox);
                connection = connected.connection();
            });
        });
    }

    @Override
    public CompletionStage<Void> close() {
        return lifecycle.close(this::shutDown);
    }

    @Override
    public CompletionStage<Void> checkHealth() {
        return lifecycle.unlessClosing(() -> connection == null ? notStarted() : admin.checkHealth());
    }

    @Override
    public CompletionStage<Boolean> ensureTopic(TopicSpec spec) {
        return lifecycle.unlessClosing(() -> {
            if (spec.delivery() == DeliveryMode.AT_MOST_ONCE) {
                return admin.requireNoStream(spec.name()).thenApply(v -> atMostOnceTopics.add(spec.name()));
            }
            if (atMostOnceTopics.contains(spec.name())) {
                return completions.failed(Errors.of(ErrorKind.TERMINAL, "topic " + spec.name() + " is an at-most-once topic"));
            }
            return admin.ensureTopic(spec.name(), spec.dedupWindow());
        });
    }

    @Override
    public CompletionStage<Boolean> deleteTopic(String topic) {
        return lifecycle.unlessClosing(() -> atMostOnceTopics.remove(Objects.requireNonNull(topic, "topic")) ? completions.completed(true) : admin.deleteTopic(topic));
    }

    /** Nothing to provision on an at-most-once topic: its subscribers join a queue group when they start. */
    @Override
    public CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return lifecycle.unlessClosing(() -> atMostOnceTopics.contains(spec.topic()) ? completions.completed(false) : admin.ensureSubscription(spec));
    }

    @Override
    public CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return lifecycle.unlessClosing(() -> atMostOnceTopics.contains(spec.topic()) ? completions.completed(false) : admin.deleteSubscription(spec));
    }

    @Override
    public CompletionStage<PublishReceipt> publish(String topic, Message message) {
        Objects.requireNonNull(message, "message");
        return publishBatch(topic, List.of(message)).thenApply(receipts -> receipts.get(0));
    }

    @Override
    public CompletionStage<List<PublishReceipt>> publishBatch(String topic, List<Message> messages) {
        Objects.requireNonNull(topic, "topic");
        List<Message> batch = List.copyOf(messages);
        Publisher p = publisher;
        AtMostOncePublisher fireAndForget = atMostOncePublisher;
        if (lifecycle.isClosing()) {
            return completions.failed(lifecycle.closedError());
        }
        if (p == null) {
            return notStarted();
        }
        return atMostOnceTopics.contains(topic) ? fireAndForget.publish(topic, batch) : p.publish(topic, batch);
    }

    @Override
    public Subscriber subscribe(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
        return lifecycle.whileOpen(() -> {
            if (connection == null) {
                throw Errors.of(ErrorKind.TERMINAL, "backend " + name + " is not started");
            }
            if (atMostOnceTopics.contains(spec.topic())) {
                AtMostOnceSubscriber subscriber = new AtMostOnceSubscriber(spec, options, sink, connection, completions,
                        subscribers::remove);
                subscribers.add(subscriber);
                subscriber.start();
                return subscriber;
            }
            NatsSubscriber subscriber = new NatsSubscriber(spec, options, sink, connection, jetStream, settings,
                    completions, outbox, boundSubscriptions::add, subscribers::remove);
            subscribers.add(subscriber);
            subscriber.start();
            return subscriber;
        });
    }

    private <T> CompletableFuture<T> notStarted() {
        return completions.failed(Errors.of(ErrorKind.TERMINAL, "backend " + name + " is not started"));
    }

    /** Runs on its own thread: every step is bounded by the call timeout. */
    private void shutDown() {
        try {
            List<CompletableFuture<Void>> stopping = new ArrayList<>();
            subscribers.forEach(s -> stopping.add(s.close().toCompletableFuture()));
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, 2 * settings.callTimeoutMs() + settings.pollIntervalMs(), TimeUnit.MILLISECONDS)
                    .join();
            Publisher p = publisher;
            if (p != null) {
                p.close();
            }
            AtMostOncePublisher fireAndForget = atMostOncePublisher;
            if (fireAndForget != null) {
                fireAndForget.close();
            }
            admin.close();
            outbox.shutdown();
            outbox.awaitTermination(settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Closing NATS backend {} failed", name, e);
        } finally {
            closeConnection();
            LOG.info("NATS backend {} closed", name);
            lifecycle.closed();
            completions.shutdown();
        }
    }

    private void closeConnection() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
