package io.junction.bridge.rabbitmq;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;

import io.junction.bridge.support.Completions;
import io.junction.bridge.support.ExistenceCache;
import io.junction.bridge.support.Threads;
import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscriptionSpec;

/**
 * Provisioning and health checks, run one at a time on the backend's admin thread, on the consuming
 * connection (which a resource alarm does not block). Every declaration is idempotent, so a step that failed
 * half-way is completed by the next call.
 */
final class Admin {
    /**
     * Routes a message to the shard queue at index hash(routing key) mod n among its n bound queues, in name
     * order (rabbitmq_sharding plugin). Stateless, so a key keeps its shard across broker restarts; the
     * x-consistent-hash exchange of RabbitMQ 3.10 rebuilds its ring at boot in whatever order its recovery
     * workers happen to add the bindings, which moves keys to other shards (seen in tests).
     */
    static final String MODULUS_HASH = "x-modulus-hash";
    private static final String ALWAYS_THERE = "amq.fanout"; // every virtual host has it: a cheap round trip

    private final Connector consuming;
    private final Connector publishing;
    private final RabbitMqSettings settings;
    private final ExistenceCache topics;
    private final ManagementApi management;
    private final Completions completions;
    private final ExecutorService executor;
    private final ExistenceProbe probe;
    private Channel channel; // admin thread only

    Admin(String backendName, Connector consuming, Connector publishing, RabbitMqSettings settings, ExistenceCache topics,
          Completions completions) {
        this.consuming = consuming;
        this.publishing = publishing;
        this.settings = settings;
        this.topics = topics;
        this.management = new ManagementApi(settings);
        this.completions = completions;
        this.executor = Executors.newSingleThreadExecutor(Threads.named("junction-rabbitmq-" + backendName + "-admin"));
        this.probe = new ExistenceProbe(consuming);
    }

    /** Opens both connections; one that fails keeps trying in the background, and the first failure is reported. */
    CompletableFuture<Void> connect() {
        return call(() -> {
            Exception failure = null;
            for (Connector connector : new Connector[] {consuming, publishing}) {
                try {
                    connector.connect();
                } catch (Exception e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return null;
        });
    }

    CompletableFuture<Void> checkHealth() {
        return call(() -> {
            if (!publishing.isConnected()) {
                throw Errors.of(ErrorKind.RETRIABLE, "the publishing connection to RabbitMQ is down");
            }
            channel().exchangeDeclarePassive(ALWAYS_THERE);
            return null;
        });
    }

    /** A durable fanout exchange named as the topic, with the discard queue bound to it. */
    CompletableFuture<Boolean> ensureTopic(String topic) {
        return call(() -> {
            boolean existed = probe.exchangeExists(Names.topicExchange(topic));
            Channel ch = channel();
            // an existing exchange of another type fails here with PRECONDITION_FAILED (TERMINAL)
            ch.exchangeDeclare(Names.topicExchange(topic), BuiltinExchangeType.FANOUT, true);
            ch.queueDeclare(Names.discardQueue(topic), true, false, false,
                    Map.of("x-queue-type", "classic", "x-max-length", 0));
            ch.queueBind(Names.discardQueue(topic), Names.topicExchange(topic), "");
            topics.remember(topic);
            return !existed;
        });
    }

    /** Deletes the topic's exchange first (nothing more is routed), then its subscriptions and the discard queue. */
    CompletableFuture<Boolean> deleteTopic(String topic) {
        return call(() -> {
            topics.forget(topic);
            if (!probe.exchangeExists(Names.topicExchange(topic))) {
                return false;
            }
            List<String> subscriptions = management.subscriptionsOf(topic);
            channel().exchangeDelete(Names.topicExchange(topic));
            for (String subscription : subscriptions) {
                deleteObjects(subscription);
            }
            channel().queueDelete(Names.discardQueue(topic));
            topics.forget(topic);
            return true;
        });
    }

    /**
     * The modulus-hash exchange, its shard queues (quorum, single active consumer) bound to it, and last the
     * binding to the topic: from then on every message reaches the subscription.
     * An existing subscription keeps its number of shards.
     */
    CompletableFuture<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return call(() -> {
            if (!probe.exchangeExists(Names.topicExchange(spec.topic()))) {
                throw Errors.of(ErrorKind.NOT_FOUND, "topic " + spec.topic() + " does not exist");
            }
            String exchange = Names.shardExchange(spec.name());
            boolean existed = probe.exchangeExists(exchange);
            int existingShards = existed ? probe.shardQueues(spec.name()).size() : 0;
            int shards = existingShards > 0 ? existingShards : settings.shards();
            Channel ch = channel();
            declareShardExchange(ch, exchange);
            for (int i = 0; i < shards; i++) {
                String queue = Names.shardQueue(spec.name(), i);
                ch.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum", "x-single-active-consumer", true));
                ch.queueBind(queue, exchange, "");
            }
            ch.exchangeBind(exchange, Names.topicExchange(spec.topic()), "");
            return !existed;
        });
    }

    /** Deletes the subscription's exchange and shard queues with their messages, whatever topic it is bound to. */
    CompletableFuture<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return call(() -> {
            boolean existed = probe.exchangeExists(Names.shardExchange(spec.name()));
            return deleteObjects(spec.name()) || existed;
        });
    }

    /** Lets queued operations finish (each bounded by the call timeout), then ends the thread. */
    void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
        probe.close();
    }

    /** True when it had shard queues. */
    private boolean deleteObjects(String subscription) throws Exception {
        List<String> queues = probe.shardQueues(subscription);
        Channel ch = channel();
        ch.exchangeDelete(Names.shardExchange(subscription)); // first: nothing more is routed to the queues
        for (String queue : queues) {
            ch.queueDelete(queue); // closes its consumers and drops its messages
        }
        return !queues.isEmpty();
    }

    private static void declareShardExchange(Channel ch, String exchange) throws Exception {
        try {
            ch.exchangeDeclare(exchange, MODULUS_HASH, true);
        } catch (Exception e) {
            BackendException classified = Errors.classify(e);
            if (classified.kind() == ErrorKind.TERMINAL) {
                throw new BackendException(ErrorKind.TERMINAL, "cannot declare the x-modulus-hash exchange " + exchange
                        + " (is the rabbitmq_sharding plugin enabled?): " + classified.getMessage(), e);
            }
            throw e;
        }
    }

    private Channel channel() throws Exception {
        if (channel == null || !channel.isOpen()) {
            channel = consuming.openChannel();
        }
        return channel;
    }

    private <T> CompletableFuture<T> call(Operation<T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    completions.complete(result, operation.run());
                } catch (Exception e) {
                    completions.fail(result, e);
                }
            });
        } catch (RejectedExecutionException closed) {
            completions.fail(result, Errors.closed());
        }
        return result;
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws Exception;
    }
}
