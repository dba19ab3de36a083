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
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nats.client.Connection;
import io.nats.client.JetStream;
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

/** A NATS server with JetStream behind the gateway, through jnats; see the package documentation. */
public final class NatsBackend implements Backend {
    static final String TYPE = "nats";

    private static final Logger LOG = LoggerFactory.getLogger(NatsBackend.class);
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
            Capability.ORDERED_PER_KEY, Capability.NATIVE_DEDUP, Capability.NATIVE_DELAY,
            Capability.DELIVERY_COUNT, Capability.CONSUMER_GROUPS));

    private final String name;
    private final NatsSettings settings;
    private final Completions completions;
    private final Admin admin;
    /** The one thread that writes publishes and acknowledgements, so no caller ever blocks on the client's buffer. */
    private final ExecutorService outbox;
    private final Set<NatsSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Set<String> boundSubscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile Connection connection;
    private volatile JetStream jetStream;
    private volatile Publisher publisher;

    NatsBackend(String name, NatsSettings settings) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = settings;
        this.completions = new Completions(name);
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
    public CompletionStage<Void> start() {
        if (closing) {
            return completions.failed(Errors.closed());
        }
        if (!started.compareAndSet(false, true)) {
            return completions.failed(Errors.of(ErrorKind.TERMINAL, "backend " + name + " was already started"));
        }
        LOG.info("NATS backend {} connecting with {}", name, settings);
        return admin.connect(name).thenAccept(connected -> {
            jetStream = connected.jetStream();
            publisher = new Publisher(connected.connection(), admin, settings, completions, outbox);
            connection = connected.connection();
        });
    }

    @Override
    public CompletionStage<Void> close() {
        synchronized (subscribers) {
            if (closing) {
                return closed;
            }
            closing = true;
        }
        Threads.start("junction-nats-" + name + "-close", this::shutDown);
        return closed;
    }

    @Override
    public CompletionStage<Void> checkHealth() {
        if (closing) {
            return completions.failed(Errors.closed());
        }
        return connection == null ? notStarted() : admin.checkHealth();
    }

    @Override
    public CompletionStage<Boolean> ensureTopic(TopicSpec spec) {
        return closing ? completions.failed(Errors.closed()) : admin.ensureTopic(spec.name(), spec.dedupWindow());
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
        return p == null ? notStarted() : p.publish(topic, batch);
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
            if (connection == null) {
                throw Errors.of(ErrorKind.TERMINAL, "backend " + name + " is not started");
            }
            NatsSubscriber subscriber = new NatsSubscriber(spec, options, sink, connection, jetStream, settings,
                    completions, outbox, boundSubscriptions::add, subscribers::remove);
            subscribers.add(subscriber);
            subscriber.start();
            return subscriber;
        }
    }

    private <T> CompletableFuture<T> notStarted() {
        return completions.failed(Errors.of(ErrorKind.TERMINAL, "backend " + name + " is not started"));
    }

    /** Runs on its own thread: every step is bounded by the call timeout. */
    private void shutDown() {
        try {
            List<CompletableFuture<Void>> stopping = new ArrayList<>();
            synchronized (subscribers) {
                subscribers.forEach(s -> stopping.add(s.close().toCompletableFuture()));
            }
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, 2 * settings.callTimeoutMs() + settings.pollIntervalMs(), TimeUnit.MILLISECONDS)
                    .join();
            Publisher p = publisher;
            if (p != null) {
                p.close();
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
            completions.complete(closed, null);
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
