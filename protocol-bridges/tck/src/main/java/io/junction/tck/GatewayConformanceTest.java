package io.junction.tck;

import io.junction.core.BackendRouter;
import io.junction.core.CoreConfig;
import io.junction.core.CoreMetrics;
import io.junction.core.JunctionCore;
import io.junction.core.ReceivedMessage;
import io.junction.core.SettleResult;
import io.junction.core.catalog.FileCatalogStore;
import io.junction.spi.Backend;
import io.junction.spi.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's delivery semantics, run through {@link JunctionCore} on top of the backend under test:
 * what a pulling client observes. Subclasses supply a new (not yet started) backend per test.
 */
public abstract class GatewayConformanceTest {
    private static final Duration PULL_WAIT = Duration.ofSeconds(5);
    private static final long MAX_ROUNDS = 200;

    @TempDir
    Path dataDir;

    protected Vertx vertx;
    protected JunctionCore core;
    private String prefix;

    protected abstract Backend newBackend();

    @BeforeEach
    void startCore(TestInfo info) {
        prefix = "gtck-" + info.getTestMethod().map(m -> m.getName()).orElse("t") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        vertx = Vertx.vertx();
        BackendRouter router = new BackendRouter(Map.of("test", newBackend()), List.of(), "test");
        core = await(JunctionCore.start(vertx, CoreConfig.defaults(dataDir), router, new FileCatalogStore(dataDir),
                new CoreMetrics(new SimpleMeterRegistry())));
    }

    @AfterEach
    void stopCore() {
        await(core.close());
        await(vertx.close());
    }

    @Test
    void aPulledMessageIsRedeliveredWithTheNextAttemptAfterItsAckDeadline() {
        String sub = topicWithSubscription("deadline", Duration.ofMillis(500));
        publish(topicOf(sub), "late-ack", "k1");
        ReceivedMessage first = pullOne(sub);
        assertEquals(1, first.attempt());
        ReceivedMessage again = pullOne(sub);
        assertEquals(first.message().id(), again.message().id());
        assertEquals(2, again.attempt());
        SettleResult stale = await(core.ack(sub, List.of(first.ackId())));
        assertEquals(List.of(first.ackId()), stale.unknown(), "the expired ackId is reported unknown");
        assertEquals(List.of(again.ackId()), await(core.ack(sub, List.of(again.ackId()))).settled());
    }

    @Test
    void aNackedMessageComesBackWithTheNextAttempt() {
        String sub = topicWithSubscription("nack", Duration.ofSeconds(30));
        publish(topicOf(sub), "nack-me", null);
        ReceivedMessage first = pullOne(sub);
        assertEquals(List.of(first.ackId()), await(core.nack(sub, List.of(first.ackId()), Duration.ZERO)).settled());
        ReceivedMessage again = pullOne(sub);
        assertEquals(first.message().id(), again.message().id());
        assertEquals(2, again.attempt());
        await(core.ack(sub, List.of(again.ackId())));
    }

    @Test
    void anAckedMessageIsNotDeliveredAgain() {
        String sub = topicWithSubscription("acked", Duration.ofMillis(300));
        publish(topicOf(sub), "once", null);
        ReceivedMessage m = pullOne(sub);
        assertEquals(List.of(m.ackId()), await(core.ack(sub, List.of(m.ackId()))).settled());
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ofSeconds(1))), "nothing after the deadline passed");
    }

    @Test
    void anExtendedDeliveryIsNotRedeliveredAtTheOriginalDeadline() {
        String sub = topicWithSubscription("extend", Duration.ofMillis(400));
        publish(topicOf(sub), "slow", null);
        ReceivedMessage m = pullOne(sub);
        assertEquals(List.of(m.ackId()), await(core.extend(sub, List.of(m.ackId()), Duration.ofSeconds(20))).settled());
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ofSeconds(1))), "still reserved after 1 s");
        assertEquals(List.of(m.ackId()), await(core.ack(sub, List.of(m.ackId()))).settled());
    }

    /** The brief's practical test: a consumer takes 100, acks 40 and disappears. */
    @Test
    void messagesOfAConsumerThatDisappearsAreRedeliveredToAnotherAfterTheDeadline() {
        String sub = topicWithSubscription("crash", Duration.ofSeconds(1));
        String topic = topicOf(sub);
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(message("c-" + i, "key-" + (i % 10)));
        }
        await(core.publishBatch(topic, batch));

        List<ReceivedMessage> taken = new ArrayList<>();
        for (int round = 0; taken.size() < 100 && round < MAX_ROUNDS; round++) {
            taken.addAll(await(core.pull(sub, 100 - taken.size(), PULL_WAIT)));
        }
        assertEquals(100, taken.size(), "the first consumer got all 100");
        List<String> ackIds = taken.subList(0, 40).stream().map(ReceivedMessage::ackId).toList();
        assertEquals(40, await(core.ack(sub, ackIds)).settled().size());
        Set<String> acked = new HashSet<>();
        taken.subList(0, 40).forEach(m -> acked.add(m.message().id()));

        // the first consumer is gone; a second one pulls what is left
        Set<String> redelivered = new HashSet<>();
        for (int round = 0; redelivered.size() < 60 && round < MAX_ROUNDS; round++) {
            for (ReceivedMessage m : await(core.pull(sub, 100, PULL_WAIT))) {
                assertTrue(m.attempt() >= 2, "redelivery of " + m.message().id() + " has attempt " + m.attempt());
                assertTrue(!acked.contains(m.message().id()), "an acked message came back: " + m.message().id());
                redelivered.add(m.message().id());
                await(core.ack(sub, List.of(m.ackId())));
            }
        }
        assertEquals(60, redelivered.size(), "the 60 unacked messages came back");
        acked.addAll(redelivered);
        assertEquals(100, acked.size(), "nothing lost");
    }

    // ---- helpers ----

    protected String topicWithSubscription(String name, Duration ackDeadline) {
        String topic = prefix + "-" + name;
        String sub = topic + "-s";
        await(core.putTopic(topic));
        await(core.putSubscription(sub, topic, ackDeadline));
        return sub;
    }

    protected String topicOf(String subscription) {
        return await(core.getSubscription(subscription)).topic();
    }

    protected void publish(String topic, String id, String key) {
        await(core.publish(topic, message(id, key)));
    }

    protected static Message message(String id, String key) {
        return new Message(id, key, Map.of(), "text/plain", ("body of " + id).getBytes(StandardCharsets.UTF_8),
                Instant.now());
    }

    protected ReceivedMessage pullOne(String sub) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<ReceivedMessage> got = await(core.pull(sub, 1, PULL_WAIT));
            if (!got.isEmpty()) {
                return got.get(0);
            }
        }
        throw new AssertionError("nothing to pull from " + sub);
    }

    protected static <T> T await(Future<T> future) {
        return Stages.await(future.toCompletionStage());
    }
}
