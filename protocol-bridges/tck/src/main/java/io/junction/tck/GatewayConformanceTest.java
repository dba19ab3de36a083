package io.junction.tck;

import io.junction.core.BackendRouter;
import io.junction.core.CoreConfig;
import io.junction.core.CoreMetrics;
import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.junction.core.ErrorType;
import io.junction.core.JunctionCore;
import io.junction.core.JunctionException;
import io.junction.core.ReceivedMessage;
import io.junction.core.SettleResult;
import io.junction.core.catalog.DeliveryPolicy;
import io.junction.core.catalog.DeliveryPolicy.DeadLetterPolicy;
import io.junction.core.catalog.FileCatalogStore;
import io.junction.core.deadletter.DeadLetter;
import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.SeekTarget;
import io.junction.spi.Capability;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        assertEquals(List.of(first.ackId()), await(core.nack(sub, List.of(first.ackId()), Duration.ZERO, "test")).settled());
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
            batch.add(message("c-" + i, null)); // unkeyed: one consumer may hold them all at once
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

    @Test
    void otherKeysKeepFlowingWhileOneKeyWaitsForItsRetryAndTheKeyKeepsItsOrder() {
        String sub = topicWithSubscription("keys", Duration.ofSeconds(30), policy(3, 300, DeadLetterPolicy.defaults()));
        String topic = topicOf(sub);
        List<Message> batch = new ArrayList<>();
        batch.add(message("A-0", "A"));
        batch.add(message("A-1", "A"));
        for (int k = 0; k < 10; k++) {
            for (int i = 0; i < 3; i++) {
                batch.add(message((char) ('B' + k) + "-" + i, String.valueOf((char) ('B' + k))));
            }
        }
        await(core.publishBatch(topic, batch));

        Map<String, List<String>> seenPerKey = new HashMap<>();
        int aFailures = 0;
        for (int round = 0; round < MAX_ROUNDS && seenPerKey.values().stream().mapToInt(List::size).sum() < 34; round++) {
            for (ReceivedMessage m : await(core.pull(sub, 100, PULL_WAIT))) {
                String key = m.message().key();
                seenPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(m.message().id());
                if (m.message().id().equals("A-0")) {
                    aFailures++;
                    assertEquals(aFailures, m.attempt(), "A-0 comes back with the next attempt");
                    assertTrue(seenPerKey.getOrDefault("A", List.of()).stream().noneMatch("A-1"::equals),
                            "A-1 waits while A-0 is retried");
                    if (aFailures < 3) {
                        await(core.nack(sub, List.of(m.ackId()), null, "poison"));
                        continue;
                    }
                }
                await(core.ack(sub, List.of(m.ackId())));
            }
        }
        for (int k = 0; k < 10; k++) {
            String key = String.valueOf((char) ('B' + k));
            assertEquals(List.of(key + "-0", key + "-1", key + "-2"), seenPerKey.get(key), "order of key " + key);
        }
        assertEquals(List.of("A-0", "A-0", "A-0", "A-1"), seenPerKey.get("A"), "key A: retried in place, then the next");
    }

    @Test
    void aMessageThatUsesUpItsAttemptsIsDeadLetteredWithItsFailureAndTheKeyMovesOn() {
        String sub = topicWithSubscription("dlq", Duration.ofMillis(500), policy(2, 10, DeadLetterPolicy.defaults()));
        String topic = topicOf(sub);
        String other = topic + "-other";
        await(core.putSubscription(other, topic, null, null));
        publish(topic, "poison", "K");
        publish(topic, "next", "K");

        ReceivedMessage first = pullOne(sub);
        await(core.nack(sub, List.of(first.ackId()), null, "cannot parse"));
        ReceivedMessage second = pullOne(sub);
        assertEquals("poison", second.message().id());
        assertEquals(2, second.attempt());
        // the deadline passes without an ack: that is the second failure
        ReceivedMessage next = pullOne(sub);
        assertEquals("next", next.message().id(), "the key moves on once its poisoned message is dead-lettered");
        await(core.ack(sub, List.of(next.ackId())));

        List<DeadLetter> dead = await(core.listDeadLetters(sub, -1, 10));
        assertEquals(List.of("poison"), dead.stream().map(d -> d.message().id()).toList());
        assertEquals(2, dead.get(0).failure().attempts());
        assertEquals("ack deadline passed", dead.get(0).failure().lastError());
        assertTrue(!dead.get(0).failure().firstFailureTime().isAfter(dead.get(0).failure().lastFailureTime()));
        assertEquals(List.of(), await(core.listDeadLetters(other, -1, 10)), "other subscriptions are not affected");
        assertEquals(List.of("poison", "next"), drain(other, 2), "the other subscription got both, once");
    }

    @Test
    void redriveReturnsDeadLettersToThisSubscriptionOnlyInOrderWithAttemptOne() {
        String sub = topicWithSubscription("redrive", Duration.ofSeconds(30), policy(1, 10, DeadLetterPolicy.defaults()));
        String topic = topicOf(sub);
        String other = topic + "-other";
        await(core.putSubscription(other, topic, null, null));
        for (int i = 0; i < 3; i++) {
            publish(topic, "r-" + i, "K");
        }
        for (int i = 0; i < 3; i++) {
            ReceivedMessage m = pullOne(sub);
            assertEquals("r-" + i, m.message().id());
            await(core.nack(sub, List.of(m.ackId()), null, "fail " + i));
        }
        awaitDeadLetters(sub, 3);
        assertEquals(List.of("r-0", "r-1", "r-2"), drain(other, 3));

        assertEquals(3, await(core.redrive(sub, null, "tck")));
        List<String> again = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ReceivedMessage m = pullOne(sub);
            assertEquals(1, m.attempt(), "a redriven message starts again at attempt 1");
            again.add(m.message().id());
            await(core.ack(sub, List.of(m.ackId())));
        }
        assertEquals(List.of("r-0", "r-1", "r-2"), again, "redriven in their original order");
        assertEquals(List.of(), await(core.listDeadLetters(sub, -1, 10)), "acked redrives leave the queue");
        assertEquals(List.of(), await(core.pull(other, 10, Duration.ofMillis(500))), "the other subscription sees nothing again");
    }

    @Test
    void inParkModeAPoisonedKeysLaterMessagesFollowItUntilRedriven() {
        String sub = topicWithSubscription("park", Duration.ofSeconds(30),
                policy(1, 10, new DeadLetterPolicy(true, DeliveryPolicy.OnKeyPoisoned.PARK)));
        String topic = topicOf(sub);
        publish(topic, "p-0", "P");
        ReceivedMessage poisoned = pullOne(sub);
        await(core.nack(sub, List.of(poisoned.ackId()), null, "poison"));
        awaitDeadLetters(sub, 1);
        publish(topic, "p-1", "P");
        publish(topic, "q-0", "Q");
        publish(topic, "p-2", "P");
        ReceivedMessage q = pullOne(sub);
        assertEquals("q-0", q.message().id(), "other keys flow");
        await(core.ack(sub, List.of(q.ackId())));
        awaitDeadLetters(sub, 3);
        assertEquals(List.of("p-0", "p-1", "p-2"),
                await(core.listDeadLetters(sub, -1, 10)).stream().map(d -> d.message().id()).toList(), "parked in order");

        assertEquals(3, await(core.redrive(sub, null, "tck")));
        assertEquals(List.of("p-0", "p-1", "p-2"), drain(sub, 3), "the key resumes in order");
        publish(topic, "p-3", "P");
        assertEquals(List.of("p-3"), drain(sub, 1), "the key is no longer parked");
    }

    @Test
    void aDiscardedDeadLetterIsGone() {
        String sub = topicWithSubscription("discard", Duration.ofSeconds(30), policy(1, 10, DeadLetterPolicy.defaults()));
        publish(topicOf(sub), "d-0", null);
        await(core.nack(sub, List.of(pullOne(sub).ackId()), null, "x"));
        awaitDeadLetters(sub, 1);
        assertEquals("d-0", await(core.getDeadLetter(sub, "d-0")).message().id());
        await(core.discardDeadLetter(sub, "d-0", "tck"));
        assertEquals(List.of(), await(core.listDeadLetters(sub, -1, 10)));
        assertEquals(0, await(core.redrive(sub, null, "tck")));
    }

    @Test
    void aDeletedTopicTakesItsSubscriptionsAndTheirDeadLettersWithIt() {
        String sub = topicWithSubscription("gone", Duration.ofSeconds(30), policy(1, 10, DeadLetterPolicy.defaults()));
        String topic = topicOf(sub);
        publish(topic, "g-0", null);
        await(core.nack(sub, List.of(pullOne(sub).ackId()), null, "x"));
        awaitDeadLetters(sub, 1);

        await(core.deleteTopic(topic));
        assertEquals(ErrorType.SUBSCRIPTION_NOT_FOUND, awaitFailure(core.getSubscription(sub)).type());
        await(core.putTopic(topic));
        await(core.putSubscription(sub, topic, null, null));
        assertEquals(List.of(), await(core.listDeadLetters(sub, -1, 10)), "a new subscription of that name starts empty");
    }

    @Test
    void aNackWithoutDelayWaitsForTheBackoff() {
        String sub = topicWithSubscription("backoff", Duration.ofSeconds(30), policy(5, 1000, DeadLetterPolicy.defaults()));
        publish(topicOf(sub), "b-0", "B");
        ReceivedMessage first = pullOne(sub);
        long nackedAt = System.nanoTime();
        await(core.nack(sub, List.of(first.ackId()), null, "later"));
        ReceivedMessage again = pullOne(sub);
        long waitedMs = (System.nanoTime() - nackedAt) / 1_000_000;
        assertEquals(2, again.attempt());
        assertTrue(waitedMs >= 700, "redelivered after " + waitedMs + " ms; the backoff is 1000 ms +/- 20%");
        await(core.ack(sub, List.of(again.ackId())));
    }

    // ---- idempotent publishing ----

    @Test
    void aRepeatedIdStoresOneMessageAndAnswersTheFirstReceipt() {
        String sub = topicWithSubscription("dedup", Duration.ofSeconds(30));
        String topic = topicOf(sub);
        PublishReceipt first = await(core.publish(topic, message("d-1", "k")));
        assertFalse(first.duplicate());
        assertEquals(new PublishReceipt("d-1", first.position(), true), await(core.publish(topic, message("d-1", "k"))));
        publish(topic, "d-2", "k");
        assertEquals(List.of("d-1", "d-2"), drain(sub, 2));
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ofMillis(500))), "no second copy of d-1");
    }

    @Test
    void theSameIdWithAnotherPayloadIsRefusedAndStoresNothing() {
        String sub = topicWithSubscription("reused", Duration.ofSeconds(30));
        String topic = topicOf(sub);
        publish(topic, "r-1", null);
        Message other = new Message("r-1", null, Map.of(), "text/plain", "another body".getBytes(StandardCharsets.UTF_8),
                Instant.now());
        assertIdempotencyConflict(core.publish(topic, other), "r-1");
        assertIdempotencyConflict(core.publishBatch(topic, List.of(message("r-2", null), other)), "r-1");
        assertEquals(List.of("r-1"), drain(sub, 1));
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ofMillis(500))), "the refused batch stored nothing");
    }

    @Test
    void anIdRepeatedInsideOneBatchIsStoredOnce() {
        String sub = topicWithSubscription("batch-dedup", Duration.ofSeconds(30));
        String topic = topicOf(sub);
        List<PublishReceipt> receipts = await(core.publishBatch(topic,
                List.of(message("b-1", "k"), message("b-2", "k"), message("b-1", "k"))));
        assertFalse(receipts.get(0).duplicate());
        assertFalse(receipts.get(1).duplicate());
        assertEquals(new PublishReceipt("b-1", receipts.get(0).position(), true), receipts.get(2));
        assertEquals(List.of("b-1", "b-2"), drain(sub, 2));
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ofMillis(500))), "no second copy of b-1");
    }

    /**
     * Once the window has passed the gateway sends the id to the broker again. A broker with native dedup
     * (Artemis' id cache counts ids, not time) may still drop it; others store a second copy.
     */
    @Test
    void afterTheDedupWindowAnIdIsSentAgain() {
        Duration window = Duration.ofSeconds(2);
        Path shortDir = dataDir.resolve("short-window");
        BackendRouter router = new BackendRouter(Map.of("test", newBackend()), List.of(), "test");
        JunctionCore shortWindow = await(JunctionCore.start(vertx, CoreConfig.defaults(shortDir).withDedupWindow(window),
                router, new FileCatalogStore(shortDir), new CoreMetrics(new SimpleMeterRegistry())));
        try {
            String topic = prefix + "-window";
            await(shortWindow.putTopic(topic));
            await(shortWindow.putSubscription(topic + "-s", topic, Duration.ofSeconds(30), null));
            long start = System.nanoTime();
            assertFalse(await(shortWindow.publish(topic, message("w-1", null))).duplicate());
            assertTrue(await(shortWindow.publish(topic, message("w-1", null))).duplicate());
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !await(shortWindow.publish(topic, message("w-1", null))).duplicate());
            assertTrue(System.nanoTime() - start >= window.toNanos(), "accepted again only after the window");
            if (!await(shortWindow.getTopic(topic)).capabilities().contains(Capability.NATIVE_DEDUP)) {
                List<String> ids = new ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                    for (ReceivedMessage m : await(shortWindow.pull(topic + "-s", 10, Duration.ofSeconds(1)))) {
                        ids.add(m.message().id());
                        await(shortWindow.ack(topic + "-s", List.of(m.ackId())));
                    }
                    return ids.size() >= 2;
                });
                assertEquals(List.of("w-1", "w-1"), ids, "a second copy after the window");
            }
        } finally {
            await(shortWindow.close());
        }
    }

    private static void assertIdempotencyConflict(Future<?> publish, String id) {
        AssertionError failed = assertThrows(AssertionError.class, () -> await(publish));
        JunctionException e = assertInstanceOf(JunctionException.class, failed.getCause());
        assertEquals(ErrorType.IDEMPOTENCY_CONFLICT, e.type());
        assertTrue(e.detail().contains("'" + id + "'"), e.detail());
    }

    @Test
    void aBackendWithoutHistoryRefusesToRewind() {
        String sub = topicWithSubscription("noseek", Duration.ofSeconds(30));
        assumeFalse(await(core.getTopic(topicOf(sub))).capabilities().contains(Capability.REPLAY), "backend keeps history");
        JunctionException e = awaitFailure(core.seek(sub, SeekTarget.toTime(Instant.now())));
        assertEquals(ErrorType.CAPABILITY_UNSUPPORTED, e.type());
    }

    @Test
    void seekingToATimeDeliversAgainWhatWasPublishedFromThen() {
        String sub = topicWithSubscription("seek", Duration.ofSeconds(30));
        String topic = topicOf(sub);
        assumeTrue(await(core.getTopic(topic)).capabilities().contains(Capability.REPLAY), "backend keeps no history");
        publish(topic, "before", null);
        Instant from = Instant.now().plusMillis(20);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(from.plusMillis(20)));
        publish(topic, "after-1", null);
        publish(topic, "after-2", null);
        // unkeyed messages may spread over lanes: no order between them is promised
        assertEquals(Set.of("before", "after-1", "after-2"), new HashSet<>(drain(sub, 3)));

        await(core.seek(sub, SeekTarget.toTime(from)));
        assertEquals(Set.of("after-1", "after-2"), new HashSet<>(drain(sub, 2)), "delivered again from the seek time on");
        assertEquals(List.of(), await(core.pull(sub, 10, Duration.ofMillis(500))));
    }

    // ---- helpers ----

    protected static JunctionException awaitFailure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(Stages.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof JunctionException je) {
                return je;
            }
            throw new AssertionError("expected a JunctionException but got " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure but it succeeded");
    }

    protected static DeliveryPolicy policy(int maxAttempts, long initialBackoffMs, DeadLetterPolicy deadLetter) {
        return new DeliveryPolicy(DeliveryPolicy.Ordering.KEY, new DeliveryPolicy.RetryPolicy(maxAttempts,
                Duration.ofMillis(initialBackoffMs), 2.0, Duration.ofMillis(Math.max(initialBackoffMs, 2000)), 0.2),
                deadLetter, 1000);
    }

    protected String topicWithSubscription(String name, Duration ackDeadline, DeliveryPolicy policy) {
        String topic = prefix + "-" + name;
        String sub = topic + "-s";
        await(core.putTopic(topic));
        await(core.putSubscription(sub, topic, ackDeadline, policy));
        return sub;
    }

    /** Pulls and acks {@code count} messages; returns their ids in delivery order. */
    protected List<String> drain(String sub, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ReceivedMessage m = pullOne(sub);
            ids.add(m.message().id());
            await(core.ack(sub, List.of(m.ackId())));
        }
        return ids;
    }

    protected void awaitDeadLetters(String sub, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> await(core.listDeadLetters(sub, -1, 100)).size() >= count);
    }

    protected String topicWithSubscription(String name, Duration ackDeadline) {
        return topicWithSubscription(name, ackDeadline, null);
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
