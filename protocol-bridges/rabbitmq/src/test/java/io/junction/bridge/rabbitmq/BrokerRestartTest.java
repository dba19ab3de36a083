package io.junction.bridge.rabbitmq;

import static io.junction.bridge.rabbitmq.Broker.await;
import static io.junction.bridge.rabbitmq.Broker.body;
import static io.junction.bridge.rabbitmq.Broker.failureKind;
import static io.junction.bridge.rabbitmq.Broker.message;
import static io.junction.bridge.rabbitmq.Broker.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.junction.embedded.EmbeddedRabbitMq;
import io.junction.spi.Backend;
import io.junction.spi.BackendException;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/**
 * The backend rides over a restart of rabbitmq-server while a publisher keeps going: every publish either
 * succeeds or fails RETRIABLE, every one that succeeded is delivered afterwards, and both connections and
 * the subscriber come back by themselves.
 */
class BrokerRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void publishesSucceedOrFailRetriableAndNothingConfirmedIsLostAcrossARestart() throws Exception {
        EmbeddedRabbitMq broker = EmbeddedRabbitMq.start(dataDir, "127.0.0.1", 0, 0);
        int port = broker.port();
        int managementPort = broker.managementPort();
        Map<String, Object> settings = new HashMap<>(broker.backendSettings());
        settings.put("callTimeoutMs", 2000);
        settings.put("retryIntervalMs", 100);
        Backend backend = new RabbitMqBackendFactory().create("restart", settings);
        Set<String> confirmed = ConcurrentHashMap.newKeySet();
        Set<ErrorKind> failures = ConcurrentHashMap.newKeySet();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = null;
        try {
            await(backend.start());
            SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
            await(backend.ensureTopic(new TopicSpec(sub.topic())));
            await(backend.ensureSubscription(sub));
            Broker.Sink sink = new Broker.Sink();
            Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(100), sink);
            await(backend.publish(sub.topic(), message("first", "before")));
            Delivery unsettled = sink.next();
            assertEquals("before", body(unsettled));

            publisher = new Thread(() -> publishUntilStopped(backend, sub.topic(), publishing, confirmed, failures), "restart-publisher");
            publisher.start();
            Broker.waiting().until(() -> confirmed.size() >= 50);

            broker.close(); // SIGTERM: a clean stop, connections closed by the broker
            assertEquals(ErrorKind.RETRIABLE, failureKind(backend.publish(sub.topic(), message("k", "during"))));
            assertEquals(ErrorKind.RETRIABLE, failureKind(backend.checkHealth()));
            assertEquals(ErrorKind.RETRIABLE, failureKind(unsettled.ack()));
            int confirmedWhileUp = confirmed.size();

            broker = EmbeddedRabbitMq.start(dataDir, "127.0.0.1", port, managementPort);
            Broker.waiting().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> await(backend.checkHealth()) == null);
            Broker.waiting().until(() -> confirmed.size() >= confirmedWhileUp + 50); // the publisher goes on by itself
            publishing.set(false);
            publisher.join(TimeUnit.SECONDS.toMillis(Broker.WAIT_SECONDS));

            assertTrue(Set.of(ErrorKind.RETRIABLE).containsAll(failures), "publishes during the restart fail RETRIABLE only: " + failures);
            // the same subscriber reconnected by itself; a delivery counts once the broker took its ack (those
            // received before the restart fail to settle and come back): the unsettled one too, its return counted
            Set<String> delivered = new HashSet<>();
            Map<String, Integer> attempts = new HashMap<>();
            Map<String, String> laneOfKey = new HashMap<>();
            Broker.waiting().atMost(Duration.ofSeconds(60)).until(() -> {
                for (Delivery d = sink.received.poll(); d != null; d = sink.received.poll()) {
                    String lane = d.lane();
                    assertEquals(laneOfKey.computeIfAbsent(d.message().key(), k -> lane), lane,
                            "key " + d.message().key() + " keeps its shard across the restart");
                    if (d.ack().toCompletableFuture().handle((ok, failed) -> failed == null).get()) {
                        delivered.add(d.message().id());
                        attempts.put(d.message().id(), d.attempt());
                    }
                }
                return delivered.containsAll(confirmed) && delivered.contains(unsettled.message().id());
            });
            assertEquals(2, attempts.get(unsettled.message().id()), "the unsettled message's return is counted");
            await(subscriber.close());
        } finally {
            publishing.set(false);
            if (publisher != null) {
                publisher.join(TimeUnit.SECONDS.toMillis(Broker.WAIT_SECONDS));
            }
            await(backend.close());
            broker.close();
        }
    }

    /** Publishes one message at a time, as a client waiting for each answer would. */
    private static void publishUntilStopped(Backend backend, String topic, AtomicBoolean publishing, Set<String> confirmed,
                                            Set<ErrorKind> failures) {
        for (int i = 0; publishing.get(); i++) {
            Message m = message("key-" + (i % 8), "message " + i);
            try {
                backend.publish(topic, m).toCompletableFuture().get(Broker.WAIT_SECONDS, TimeUnit.SECONDS);
                confirmed.add(m.id());
            } catch (ExecutionException e) {
                failures.add(BackendException.kindOf(e));
                try {
                    Thread.sleep(20); // a client backing off before its retry; also keeps the failures from spinning
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (InterruptedException | TimeoutException e) {
                failures.add(ErrorKind.TERMINAL); // no answer in time is a failure of this test
                return;
            }
        }
    }
}
