package io.junction.bridge.artemis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.bridge.support.BackendLifecycle;
import io.junction.bridge.support.Completions;
import io.junction.bridge.support.ExistenceCache;
import io.junction.bridge.support.PublisherPool;
import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** An ActiveMQ Artemis broker behind the gateway, through the core client; see the package documentation. */
public final class ArtemisBackend implements Backend {
    static final String TYPE = "artemis";

    private static final Logger LOG = LoggerFactory.getLogger(ArtemisBackend.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ORDERED_PER_KEY, Capability.NATIVE_DEDUP, Capability.NATIVE_DELAY,
            Capability.DELIVERY_COUNT, Capability.CONSUMER_GROUPS));

    private final String name;
    private final ArtemisSettings settings;
    private final Completions completions;
    private final BackendLifecycle lifecycle;
    /**
     * Addresses seen to exist, trusted for {@code addressCacheMs}; one deleted through this backend is forgotten
     * at once. One deleted through another gateway may still be published to for that long: a broker with
     * auto-create off refuses the send (NOT_FOUND); one with auto-create on accepts it into an address without
     * queues, i.e. no subscription receives it.
     */
    private final ExistenceCache addresses;
    private final ArtemisConnection publishing;
    private final ArtemisConnection consuming;
    private final Admin admin;
    private final Set<ArtemisSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile PublisherPool publisher;

    ArtemisBackend(String name, ArtemisSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.completions = new Completions("junction-artemis-" + name + "-complete", Errors::classify);
        this.lifecycle = new BackendLifecycle("Artemis", name, completions);
        this.addresses = new ExistenceCache(settings.addressCacheMs());
        try { // no I/O yet
            this.publishing = ArtemisConnection.forPublishing(settings);
            this.consuming = ArtemisConnection.forConsuming(settings);
        } catch (Exception e) {
            throw new IllegalArgumentException("url: " + e.getMessage(), e);
        }
        this.admin = new Admin(name, consuming, publishing, settings, addresses, completions);
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
    public CompletionStage<Void> start() {
        return lifecycle.start(() -> {
            publisher = new PublisherPool("Artemis", "junction-artemis-" + name + "-pub", settings.publisherThreads(),
                    settings.pollIntervalMs(), settings.maxPendingPublishes(), settings.callTimeoutMs(), completions,
                    () -> new SessionSender(publishing, addresses));
            LOG.info("Artemis backend {} connecting with {}", name, settings);
            return admin.connect();
        });
    }

    @Override
    public CompletionStage<Void> close() {
        return lifecycle.close(this::shutDown);
    }

    @Override
    public CompletionStage<Void> checkHealth() {
        return lifecycle.unlessClosing(() -> admin.checkHealth());
    }

    @Override
    public CompletionStage<Boolean> ensureTopic(TopicSpec spec) {
        return lifecycle.unlessClosing(() -> admin.ensureTopic(spec.name()));
    }

    @Override
    public CompletionStage<Boolean> deleteTopic(String topic) {
        return lifecycle.unlessClosing(() -> admin.deleteTopic(Objects.requireNonNull(topic, "topic")));
    }

    @Override
    public CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return lifecycle.unlessClosing(() -> admin.ensureSubscription(spec));
    }

    @Override
    public CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return lifecycle.unlessClosing(() -> admin.deleteSubscription(spec));
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
        PublisherPool p = publisher;
        if (lifecycle.isClosing()) {
            return completions.failed(lifecycle.closedError());
        }
        if (p == null) {
            return completions.failed(Errors.of(ErrorKind.TERMINAL, "backend " + name + " is not started"));
        }
        return p.publish(topic, batch);
    }

    @Override
    public Subscriber subscribe(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
        return lifecycle.whileOpen(() -> {
            ArtemisSubscriber subscriber = new ArtemisSubscriber(spec, options, sink, consuming, settings, completions,
                    subscribers::remove);
            subscribers.add(subscriber);
            subscriber.start();
            return subscriber;
        });
    }

    /** Runs on its own thread: every step is bounded by the call timeout. */
    private void shutDown() {
        try {
            List<CompletableFuture<Void>> stopping = new ArrayList<>();
            subscribers.forEach(s -> stopping.add(s.close().toCompletableFuture()));
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, 2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS).join();
            PublisherPool p = publisher;
            if (p != null) {
                p.close();
            }
            admin.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Closing Artemis backend {} failed", name, e);
        } finally {
            publishing.close();
            consuming.close();
            LOG.info("Artemis backend {} closed", name);
            lifecycle.closed();
            completions.shutdown();
        }
    }
}
