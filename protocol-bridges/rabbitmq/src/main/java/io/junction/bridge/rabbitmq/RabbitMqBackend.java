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

/** A RabbitMQ broker behind the gateway, over AMQP 0-9-1; see the package documentation. */
public final class RabbitMqBackend implements Backend {
    static final String TYPE = "rabbitmq";

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqBackend.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ORDERED_PER_KEY, Capability.DELIVERY_COUNT));
    private static final int DISPATCH_THREADS = 2;

    private final String name;
    private final RabbitMqSettings settings;
    private final Completions completions;
    private final TopicCache topics;
    private final ExecutorService dispatch;
    private final Connector publishing;
    private final Connector consuming;
    private final Admin admin;
    private final Set<RabbitMqSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile Publisher publisher;

    RabbitMqBackend(String name, RabbitMqSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.completions = new Completions(name);
        this.topics = new TopicCache(settings.topicCacheMs());
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
        if (closing) {
            return completions.failed(Errors.closed());
        }
        if (!started.compareAndSet(false, true)) {
            return completions.failed(Errors.of(ErrorKind.TERMINAL, "backend " + name + " was already started"));
        }
        publisher = new Publisher(name, publishing, settings, topics, completions);
        LOG.info("RabbitMQ backend {} connecting with {}", name, settings);
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
        Threads.start("junction-rabbitmq-" + name + "-close", this::shutDown);
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
            RabbitMqSubscriber subscriber = new RabbitMqSubscriber(spec, options, sink, consuming, settings, completions,
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
            LOG.warn("Closing RabbitMQ backend {} failed", name, e);
        } finally {
            publishing.close();
            consuming.close();
            dispatch.shutdown();
            LOG.info("RabbitMQ backend {} closed", name);
            completions.complete(closed, null);
            completions.shutdown();
        }
    }
}
