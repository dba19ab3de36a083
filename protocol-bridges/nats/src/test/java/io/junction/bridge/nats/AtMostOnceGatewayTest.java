package io.junction.bridge.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.junction.core.BackendRouter;
import io.junction.core.CoreConfig;
import io.junction.core.CoreMetrics;
import io.junction.core.ErrorType;
import io.junction.core.JunctionCore;
import io.junction.core.JunctionException;
import io.junction.core.ReceivedMessage;
import io.junction.core.TopicInfo;
import io.junction.core.catalog.DeliveryPolicy;
import io.junction.core.catalog.FileCatalogStore;
import io.junction.spi.Capability;
import io.junction.spi.DeliveryMode;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SeekTarget;
import io.junction.tck.Stages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** At-most-once topics through the gateway core, on a real nats-server. */
class AtMostOnceGatewayTest {
    @TempDir
    Path dataDir;

    Vertx vertx;
    SimpleMeterRegistry registry;
    JunctionCore core;
    String topic;
    String sub;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        core = startCore();
        topic = "amo-" + UUID.randomUUID().toString().substring(0, 8);
        sub = topic + "-s";
    }

    @AfterEach
    void stop() {
        await(core.close());
        await(vertx.close());
    }

    @Test
    void aTopicDeclaresItsDeliveryAndKeepsIt() {
        TopicInfo created = await(core.putTopic(topic, DeliveryMode.AT_MOST_ONCE)).value();
        assertEquals(DeliveryMode.AT_MOST_ONCE, created.delivery());
        assertEquals(Set.of(Capability.AT_MOST_ONCE, Capability.CONSUMER_GROUPS), created.capabilities());
        assertFalse(await(core.putTopic(topic, DeliveryMode.AT_MOST_ONCE)).created());
        assertEquals(ErrorType.CONFLICT, failure(() -> core.putTopic(topic)));

        await(core.putTopic(topic + "-durable"));
        assertEquals(ErrorType.CONFLICT, failure(() -> core.putTopic(topic + "-durable", DeliveryMode.AT_MOST_ONCE)));
        assertFalse(await(core.getTopic(topic + "-durable")).capabilities().contains(Capability.AT_MOST_ONCE));
    }

    @Test
    void pullsGetWhatArrivedSinceTheFirstPullWithoutAckIdsAndNothingElse() {
        await(core.putTopic(topic, DeliveryMode.AT_MOST_ONCE));
        await(core.putSubscription(sub, topic, null, null));
        publish("before anyone pulled");
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ZERO)), "the first pull starts listening");

        Message sent = message("k", "while pulling");
        PublishReceipt receipt = await(core.publish(topic, sent));
        assertEquals(new PublishReceipt(sent.id(), null, false), receipt);
        assertEquals(new PublishReceipt(sent.id(), null, false), await(core.publish(topic, sent)),
                "no dedup: a repeat is published again");

        List<ReceivedMessage> got = pullAtLeast(2);
        assertEquals(List.of(sent, sent), got.stream().map(ReceivedMessage::message).toList());
        for (ReceivedMessage m : got) {
            assertNull(m.ackId());
            assertEquals(1, m.attempt());
            assertNull(m.deadline());
        }
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ofMillis(500))), "nothing comes back");
    }

    @Test
    void callsThatNeedAcknowledgementsAreRefused() {
        await(core.putTopic(topic, DeliveryMode.AT_MOST_ONCE));
        await(core.putSubscription(sub, topic, null, null));
        List<Supplier<Future<?>>> calls = List.of(
                () -> core.ack(sub, List.of("a")),
                () -> core.nack(sub, List.of("a"), null, null),
                () -> core.extend(sub, List.of("a"), Duration.ofSeconds(5)),
                () -> core.seek(sub, SeekTarget.toTime(Instant.now())),
                () -> core.listDeadLetters(sub, -1, 10),
                () -> core.getDeadLetter(sub, "a"),
                () -> core.redrive(sub, null, "test"),
                () -> core.discardDeadLetter(sub, "a", "test"));
        for (Supplier<Future<?>> call : calls) {
            JunctionException e = assertThrows(JunctionException.class, () -> await(call.get()));
            assertEquals(ErrorType.CAPABILITY_UNSUPPORTED, e.type());
            assertEquals("subscription '" + sub + "' is on at-most-once topic '" + topic
                    + "': messages are not acknowledged, redelivered or dead-lettered", e.detail());
        }
    }

    @Test
    void aFullBufferDropsItsOldestMessagesAndCountsThem() {
        await(core.putTopic(topic, DeliveryMode.AT_MOST_ONCE));
        DeliveryPolicy two = new DeliveryPolicy(DeliveryPolicy.Ordering.KEY, DeliveryPolicy.RetryPolicy.defaults(),
                DeliveryPolicy.DeadLetterPolicy.defaults(), 2);
        await(core.putSubscription(sub, topic, null, two));
        await(core.pull(sub, 10, Duration.ZERO));
        List<Message> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(message(null, "m" + i));
        }
        await(core.publishBatch(topic, five));
        NatsTestSupport.waiting().until(() -> dropped() == 3.0);
        assertEquals(five.subList(3, 5), await(core.pull(sub, 10, Duration.ZERO)).stream().map(ReceivedMessage::message).toList());
    }

    @Test
    void aRestartedGatewayStillKnowsTheTopicAsAtMostOnce() {
        await(core.putTopic(topic, DeliveryMode.AT_MOST_ONCE));
        await(core.putSubscription(sub, topic, null, null));
        await(core.close());
        core = startCore();

        assertEquals(DeliveryMode.AT_MOST_ONCE, await(core.getTopic(topic)).delivery());
        await(core.pull(sub, 10, Duration.ZERO));
        Message sent = message(null, "after the restart");
        assertEquals(new PublishReceipt(sent.id(), null, false), await(core.publish(topic, sent)));
        assertEquals(sent, pullAtLeast(1).get(0).message());
    }

    private JunctionCore startCore() {
        registry = new SimpleMeterRegistry();
        BackendRouter router = new BackendRouter(Map.of("nats", new NatsBackendFactory().create("amo-gw",
                Map.of("url", SharedServer.url()))), List.of(), "nats");
        return await(JunctionCore.start(vertx, CoreConfig.defaults(dataDir), router, new FileCatalogStore(dataDir),
                new CoreMetrics(registry)));
    }

    private double dropped() {
        var counter = registry.find("junction.messages.dropped").tag("subscription", sub).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<ReceivedMessage> pullAtLeast(int count) {
        List<ReceivedMessage> got = new ArrayList<>();
        NatsTestSupport.waiting().until(() -> {
            got.addAll(await(core.pull(sub, 10, Duration.ofMillis(200))));
            return got.size() >= count;
        });
        return got;
    }

    private void publish(String body) {
        await(core.publish(topic, message(null, body)));
    }

    private static Message message(String key, String body) {
        return new Message(UUID.randomUUID().toString(), key, Map.of(), "text/plain", body.getBytes(StandardCharsets.UTF_8),
                Instant.now());
    }

    private static ErrorType failure(Supplier<Future<?>> call) {
        return assertThrows(JunctionException.class, () -> await(call.get())).type();
    }

    /** The future's value; its failure (a JunctionException) is thrown as it is. */
    private static <T> T await(Future<T> future) {
        try {
            return Stages.await(future.toCompletionStage());
        } catch (AssertionError e) {
            if (e.getCause() instanceof JunctionException je) {
                throw je;
            }
            throw e;
        }
    }
}
