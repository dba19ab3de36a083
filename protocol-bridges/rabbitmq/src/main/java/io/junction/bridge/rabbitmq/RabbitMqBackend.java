package io.junction.bridge.rabbitmq;

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

import io.junction.bridge.support.BackendLifecycle;
import io.junction.bridge.support.Completions;
import io.junction.bridge.support.ExistenceCache;
import io.junction.bridge.support.PublisherPool;
import io.junction.bridge.support.Threads;
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

/** A RabbitMQ broker behind the gateway, over AMQP 0-9-1; see the package documentation. */
public final class RabbitMqBackend implements Backend {
    static final String TYPE = "rabbitmq";

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqBackend.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ORDERED_PER_KEY, Capability.DELIVERY_COUNT));
    private static final int DISPATCH_THREADS = 2;
    /** How long an idle publisher thread waits for a job before it looks whether to end. */
    private static final long PUBLISHER_POLL_MS = 200;

    private final String name;
    private final RabbitMqSettings settings;
    private final Completions completions;
    private final BackendLifecycle lifecycle;
    /**
     * Topics seen to exist, trusted for {@code topicCacheMs}; one deleted through this backend is forgotten at once.
     * One deleted through another gateway within that time is still published to: the broker then closes the
     * publishing channel (404), which fails the publishes in flight on it as RETRIABLE and the retry finds the
     * topic missing.
     */
    private final ExistenceCache topics;
    private final ExecutorService dispatch;
    private final Connector publishing;
    private final Connector consuming;
    private final Admin admin;
    private final Set<RabbitMqSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile PublisherPool publisher;

    RabbitMqBackend(String name, RabbitMqSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.completions = new Completions("junction-rabbitmq-" + name + "-complete", Errors::classify);
        this.lifecycle = new BackendLifecycle("RabbitMQ", name, completions);
        this.topics = new ExistenceCache(settings.topicCacheMs());
        this.dispatch = Executors.newFixedThreadPool(DISPATCH_THREADS, Threads.named("junction-rabbitmq-" + name + "-dispatch"));
        // separate connections: a resource alarm blocks publishing connections, and acks must still flow
        this.publishing = new Connector("junction-rabbitmq-" + name + "-publish", settings, dispatch);
        this.consuming = new Connector("junction-rabbitmq-" + name + "-consume", settings, dispatch);
        this.admin = new Admin(name, consuming, publishing, settings, topics, completions);
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
            publisher = new PublisherPool("RabbitMQ", "junction-rabbitmq-" + name + "-pub", settings.publisherChannels(),
                    PUBLISHER_POLL_MS, settings.maxPendingPublishes(), settings.callTimeoutMs(), completions,
                    () -> new ChannelSender(publishing, topics, settings.callTimeoutMs()));
            LOG.info("RabbitMQ backend {} connecting with {}", name, settings);
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
            RabbitMqSubscriber subscriber = new RabbitMqSubscriber(spec, options, sink, consuming, settings, completions,
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
            LOG.warn("Closing RabbitMQ backend {} failed", name, e);
        } finally {
            publishing.close();
            consuming.close();
            dispatch.shutdown();
            LOG.info("RabbitMQ backend {} closed", name);
            lifecycle.closed();
            completions.shutdown();
        }
    }
}
