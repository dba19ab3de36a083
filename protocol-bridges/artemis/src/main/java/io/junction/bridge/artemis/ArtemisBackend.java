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
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private final AddressCache addresses;
    private final ArtemisConnection publishing;
    private final ArtemisConnection consuming;
    private final Admin admin;
    private final Set<ArtemisSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile Publisher publisher;

    ArtemisBackend(String name, ArtemisSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.completions = new Completions(name);
        this.addresses = new AddressCache(settings.addressCacheMs());
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
        if (closing) {
            return completions.failed(Errors.closed());
        }
        if (!started.compareAndSet(false, true)) {
            return completions.failed(Errors.of(ErrorKind.TERMINAL, "backend " + name + " was already started"));
        }
        publisher = new Publisher(name, publishing, settings, addresses, completions);
        LOG.info("Artemis backend {} connecting with {}", name, settings);
        return admin.connect();
    }

    @Override
    public CompletionStage<Void> close() {
        synchronized (subscribers) {
            if (closing) {
                return closed;
            }
            closing = true;
        }
        Threads.start("junction-artemis-" + name + "-close", this::shutDown);
        return closed;
    }

    @Override
    public CompletionStage<Void> checkHealth() {
        return closing ? completions.failed(Errors.closed()) : admin.checkHealth();
    }

    @Override
    public CompletionStage<Boolean> ensureTopic(TopicSpec spec) {
        return closing ? completions.failed(Errors.closed()) : admin.ensureTopic(spec.name());
    }

    @Override
    public CompletionStage<Boolean> deleteTopic(String topic) {
        return closing ? completions.failed(Errors.closed()) : admin.deleteTopic(Objects.requireNonNull(topic, "topic"));
    }

    @Override
    public CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return closing ? completions.failed(Errors.closed()) : admin.ensureSubscription(spec);
    }

    @Override
    public CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return closing ? completions.failed(Errors.closed()) : admin.deleteSubscription(spec);
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
        if (closing) {
            return completions.failed(Errors.closed());
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
        synchronized (subscribers) {
            if (closing) {
                throw Errors.closed();
            }
            ArtemisSubscriber subscriber = new ArtemisSubscriber(spec, options, sink, consuming, settings, completions,
                    subscribers::remove);
            subscribers.add(subscriber);
            subscriber.start();
            return subscriber;
        }
    }

    /** Runs on its own thread: every step is bounded by the call timeout. */
    private void shutDown() {
        try {
            List<CompletableFuture<Void>> stopping = new ArrayList<>();
            synchronized (subscribers) {
                subscribers.forEach(s -> stopping.add(s.close().toCompletableFuture()));
            }
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, 2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS).join();
            Publisher p = publisher;
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
            completions.complete(closed, null);
            completions.shutdown();
        }
    }
}
