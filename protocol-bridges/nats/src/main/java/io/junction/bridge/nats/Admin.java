package io.junction.bridge.nats;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.junction.bridge.support.Completions;
import io.junction.bridge.support.Threads;
import io.junction.spi.ErrorKind;
import io.junction.spi.SubscriptionSpec;

/**
 * Streams, consumers and health checks through JetStream's management API, one call at a time on the
 * backend's admin thread (each call blocks for at most {@code callTimeoutMs}).
 */
final class Admin {
    private final NatsSettings settings;
    private final Completions completions;
    private final ExecutorService executor;
    private volatile Connection connection;
    private JetStreamManagement jsm; // admin thread only

    Admin(String backendName, NatsSettings settings, Completions completions) {
        this.settings = settings;
        this.completions = completions;
        this.executor = Executors.newSingleThreadExecutor(Threads.named("junction-nats-" + backendName + "-admin"));
    }

    /** The backend's connection and its JetStream context. */
    record Connected(Connection connection, JetStream jetStream) {
    }

    /** Connects the backend. */
    CompletableFuture<Connected> connect(String backendName) {
        return call(() -> {
            Connection c = NatsConnector.connect(backendName, settings);
            JetStreamOptions options = jetStreamOptions(settings);
            jsm = c.jetStreamManagement(options);
            connection = c;
            return new Connected(c, c.jetStream(options));
        });
    }

    CompletableFuture<Void> checkHealth() {
        return call(() -> {
            if (connection.getStatus() != Connection.Status.CONNECTED) {
                throw Errors.of(ErrorKind.RETRIABLE, "not connected to NATS (" + connection.getStatus() + ")");
            }
            jsm.getAccountStatistics(); // one JetStream round trip
            return null;
        });
    }

    /**
     * Creates the topic's stream: subjects {@code <token>.>}, file storage, interest retention (a message
     * stays until every consumer has acknowledged it), the gateway's dedup window as duplicate window, and
     * the configured replicas. An
     * existing stream of that name is kept when it captures those subjects; its duplicate window is brought
     * in line with the gateway's dedup window.
     */
    CompletableFuture<Boolean> ensureTopic(String topic, Duration window) {
        return call(() -> {
            String stream = Subjects.token(topic);
            StreamInfo existing = streamInfo(stream);
            if (existing == null) {
                jsm.addStream(StreamConfiguration.builder()
                        .name(stream)
                        .subjects(Subjects.wildcard(topic))
                        .storageType(StorageType.File)
                        .retentionPolicy(RetentionPolicy.Interest)
                        .duplicateWindow(window)
                        .replicas(settings.replicas())
                        .build());
                return true;
            }
            StreamConfiguration config = existing.getConfiguration();
            if (!config.getSubjects().contains(Subjects.wildcard(topic))) {
                throw Errors.of(ErrorKind.TERMINAL, "stream " + stream + " exists with subjects " + config.getSubjects()
                        + ", not " + Subjects.wildcard(topic));
            }
            if (!window.equals(config.getDuplicateWindow())) {
                jsm.updateStream(StreamConfiguration.builder(config).duplicateWindow(window).build());
            }
            return false;
        });
    }

    /**
     * Checks that no stream captures the subjects of an at-most-once topic: JetStream would store what is
     * published there, which such a topic promises not to. TERMINAL when one does.
     */
    CompletableFuture<Void> requireNoStream(String topic) {
        return call(() -> {
            List<String> streams = jsm.getStreamNames(Subjects.wildcard(topic));
            if (!streams.isEmpty()) {
                throw Errors.of(ErrorKind.TERMINAL, "stream(s) " + streams + " capture the subjects of topic " + topic
                        + " (" + Subjects.wildcard(topic) + "): it cannot be an at-most-once topic");
            }
            return null;
        });
    }

    CompletableFuture<Boolean> deleteTopic(String topic) {
        return call(() -> {
            try {
                return jsm.deleteStream(Subjects.token(topic));
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == Errors.STREAM_NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** True when the topic's stream exists; used to tell a missing topic from a broker outage. */
    CompletableFuture<Boolean> topicExists(String topic) {
        return call(() -> streamInfo(Subjects.token(topic)) != null);
    }

    /**
     * Creates the subscription's durable pull consumer: deliver new messages only, explicit acks, the
     * configured AckWait and MaxAckPending, unlimited deliveries (retries belong to the gateway). An existing
     * consumer keeps its state; a changed AckWait or MaxAckPending setting is applied to it.
     */
    CompletableFuture<Boolean> ensureSubscription(SubscriptionSpec spec) {
        return call(() -> {
            String stream = Subjects.token(spec.topic());
            String durable = Subjects.token(spec.name());
            ConsumerInfo existing = consumerInfo(stream, durable); // NOT_FOUND (stream) propagates
            if (existing == null) {
                jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                        .durable(durable)
                        .deliverPolicy(DeliverPolicy.New)
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(settings.ackWaitMs())
                        .maxAckPending(settings.maxAckPending())
                        .maxDeliver(-1)
                        .replayPolicy(ReplayPolicy.Instant)
                        .build());
                return true;
            }
            ConsumerConfiguration config = existing.getConsumerConfiguration();
            if (config.getAckWait().toMillis() != settings.ackWaitMs() || config.getMaxAckPending() != settings.maxAckPending()) {
                jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder(config)
                        .ackWait(settings.ackWaitMs()).maxAckPending(settings.maxAckPending()).build());
            }
            return false;
        });
    }

    CompletableFuture<Boolean> deleteSubscription(SubscriptionSpec spec) {
        return call(() -> {
            try {
                return jsm.deleteConsumer(Subjects.token(spec.topic()), Subjects.token(spec.name()));
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == Errors.CONSUMER_NOT_FOUND || e.getApiErrorCode() == Errors.STREAM_NOT_FOUND) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Lets queued operations finish (each bounded by the call timeout), then ends the thread. */
    void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(2 * settings.callTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private static JetStreamOptions jetStreamOptions(NatsSettings settings) {
        return JetStreamOptions.builder().requestTimeout(Duration.ofMillis(settings.callTimeoutMs())).build();
    }

    private StreamInfo streamInfo(String stream) throws Exception {
        try {
            return jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == Errors.STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private ConsumerInfo consumerInfo(String stream, String durable) throws Exception {
        try {
            return jsm.getConsumerInfo(stream, durable);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == Errors.CONSUMER_NOT_FOUND) {
                return null;
            }
            throw e;
        }
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
