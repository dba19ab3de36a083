package io.junction.bridge.kafka;

import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.junction.bridge.support.BackendLifecycle;
import io.junction.bridge.support.Completions;
import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.DeliverySink;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SeekTarget;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** An Apache Kafka cluster behind the gateway, through {@code kafka-clients}; see the package documentation. */
public final class KafkaBackend implements Backend {
    static final String TYPE = "kafka";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBackend.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ORDERED_PER_KEY, Capability.REPLAY, Capability.CONSUMER_GROUPS));

    private final String name;
    private final KafkaSettings settings;
    private final Completions completions;
    private final BackendLifecycle lifecycle;
    private final Set<KafkaSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger subscriberCount = new AtomicInteger();
    private volatile Admin admin;
    private volatile Provisioning provisioning;
    private volatile Publisher publisher;

    KafkaBackend(String name, KafkaSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.completions = new Completions("junction-kafka-" + name + "-complete", Errors::classify);
        this.lifecycle = new BackendLifecycle("Kafka", name, completions);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** Creates the clients and completes once the cluster answered. */
    @Override
    public CompletionStage<Void> start() {
        return lifecycle.start(() -> {
            try {
                Admin a = Admin.create(ClientConfigs.admin(name, settings));
                TopicCache topics = new TopicCache(a, settings);
                admin = a;
                provisioning = new Provisioning(a, settings, topics, completions);
                publisher = new Publisher(name, new KafkaProducer<>(ClientConfigs.producer(name, settings),
                        new ByteArraySerializer(), new ByteArraySerializer()), settings, topics, completions);
            } catch (RuntimeException e) { // a client refused its configuration
                return completions.failed(Errors.of(ErrorKind.TERMINAL, "backend " + name + ": " + e.getMessage()));
            }
            LOG.info("Kafka backend {} connecting with {}", name, settings);
            return provisioning.checkHealth();
        });
    }

    @Override
    public CompletionStage<Void> close() {
        return lifecycle.close(this::shutDown);
    }

    @Override
    public CompletionStage<Void> checkHealth() {
        return ready() ? provisioning.checkHealth() : notReady();
    }

    @Override
    public CompletionStage<Boolean> ensureTopic(TopicSpec spec) {
        return ready() ? provisioning.ensureTopic(spec.name()) : notReady();
    }

    @Override
    public CompletionStage<Boolean> deleteTopic(String topic) {
        return ready() ? provisioning.deleteTopic(Objects.requireNonNull(topic, "topic")) : notReady();
    }

    @Override
    public CompletionStage<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return ready() ? provisioning.ensureSubscription(spec) : notReady();
    }

    @Override
    public CompletionStage<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return ready() ? provisioning.deleteSubscription(spec) : notReady();
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
        return ready() ? publisher.publish(topic, batch) : notReady();
    }

    @Override
    public Subscriber subscribe(SubscriptionSpec spec, SubscribeOptions options, DeliverySink sink) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(sink, "sink");
        return lifecycle.whileOpen(() -> {
            KafkaSubscriber subscriber = new KafkaSubscriber(spec, sink, settings, ClientConfigs.consumer(name, settings,
                    spec.name(), options.prefetch(), subscriberCount.incrementAndGet()), completions, subscribers::remove);
            subscribers.add(subscriber);
            subscriber.start();
            return subscriber;
        });
    }

    /**
     * Replay. A time moves each partition to its first message published at or after it (by record timestamp;
     * a partition with none moves to its end); a position is {@code earliest}, {@code latest} or
     * {@code <partition>:<offset>[,...]} (a publish receipt's position is one such pair), and partitions it
     * does not name keep their offsets. Kafka changes a consumer group's offsets only while no consumer is
     * attached, so the subscription must not be consumed, here or by another gateway: TERMINAL otherwise, as
     * for a malformed position or an unknown partition; NOT_FOUND for an unknown subscription.
     */
    @Override
    public CompletionStage<Void> seek(SubscriptionSpec spec, SeekTarget target) {
        Objects.requireNonNull(target, "target");
        if (!ready()) {
            return notReady();
        }
        if (target.time() != null) {
            return whenNotConsumedHere(spec, () -> provisioning.seekToTime(spec, target.time()));
        }
        SeekPosition position;
        try {
            position = SeekPosition.parse(target.position());
        } catch (RuntimeException e) {
            return completions.failed(e);
        }
        return whenNotConsumedHere(spec, () -> provisioning.seekToPosition(spec, position));
    }

    private CompletionStage<Void> whenNotConsumedHere(SubscriptionSpec spec, Supplier<CompletionStage<Void>> seek) {
        Objects.requireNonNull(spec, "spec");
        boolean consumedHere = subscribers.stream().anyMatch(s -> s.spec().name().equals(spec.name()) && !s.isClosed());
        return consumedHere ? completions.failed(Errors.of(ErrorKind.TERMINAL, "subscription '" + spec.name()
                + "' is being consumed by this gateway; close its subscriber before seeking")) : seek.get();
    }

    private boolean ready() {
        return !lifecycle.isClosing() && provisioning != null;
    }

    private <T> CompletionStage<T> notReady() {
        return completions.failed(lifecycle.isClosing() ? lifecycle.closedError()
                : Errors.of(ErrorKind.TERMINAL, "backend " + name + " is not started"));
    }

    /** Runs on its own thread: every step is bounded by the configured timeouts. */
    private void shutDown() {
        try {
            List<CompletableFuture<Void>> stopping = new ArrayList<>();
            subscribers.forEach(s -> stopping.add(s.close().toCompletableFuture()));
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, 2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS).join();
            Publisher p = publisher;
            if (p != null) {
                p.close();
            }
            Admin a = admin;
            if (a != null) {
                a.close(Duration.ofMillis(settings.callTimeoutMs()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("closing Kafka backend {} failed", name, e);
        } finally {
            LOG.info("Kafka backend {} closed", name);
            lifecycle.closed();
            completions.shutdown();
        }
    }
}
