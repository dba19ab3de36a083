package io.junction.bridge.artemis;

import static io.junction.bridge.artemis.Broker.await;
import static io.junction.bridge.artemis.Broker.body;
import static io.junction.bridge.artemis.Broker.failureKind;
import static io.junction.bridge.artemis.Broker.message;
import static io.junction.bridge.artemis.Broker.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.junction.embedded.EmbeddedArtemis;
import io.junction.spi.Backend;
import io.junction.spi.BackendException;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

class ArtemisBackendTest {
    static final SubscribeOptions PREFETCH = new SubscribeOptions(16);

    @TempDir
    static Path dataDir;
    static EmbeddedArtemis broker;

    Backend backend;
    final List<Subscriber> subscribers = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedArtemis.start(dataDir, "127.0.0.1", 0);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @BeforeEach
    void startBackend() throws Exception {
        backend = new ArtemisBackendFactory().create("test", Map.of("url", broker.coreUrl()));
        await(backend.start());
    }

    @AfterEach
    void closeBackend() throws Exception {
        for (Subscriber s : subscribers) {
            await(s.close());
        }
        await(backend.close());
    }

    @Test
    void roundTripKeepsKeyHeadersContentTypeAndBinaryPayload() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        byte[] payload = new byte[256];
        IntStream.range(0, payload.length).forEach(i -> payload[i] = (byte) i);
        Message sent = new Message("id-1", "customer-7", Map.of("x-trace", "abc", "tenant", "t1"),
                "application/octet-stream", payload, Instant.parse("2026-01-02T03:04:05.123456789Z"));

        PublishReceipt receipt = await(backend.publish(sub.topic(), sent));
        assertEquals(new PublishReceipt("id-1", null, false), receipt);

        Broker.Sink sink = subscribe(sub);
        Delivery d = sink.next();
        assertEquals(sent, d.message());
        assertArrayEquals(payload, d.message().payload());
        assertEquals("0", d.lane());
        assertEquals(1, d.attempt());
        await(d.ack());
    }

    @Test
    void aLargeMessageSurvivesPublishAndNack() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        byte[] payload = new byte[300 * 1024]; // above Artemis' 100 KiB large-message threshold
        new java.util.Random(7).nextBytes(payload);
        Message sent = new Message("large", "k", Map.of(), null, payload, Instant.now());
        await(backend.publish(sub.topic(), sent));

        Broker.Sink sink = subscribe(sub);
        Delivery first = sink.next();
        assertArrayEquals(payload, first.message().payload());
        await(first.nack(Duration.ZERO));
        Delivery again = ackNext(sink);
        assertEquals(sent, again.message());
        assertEquals(2, again.attempt());
    }

    @Test
    void stagesCompleteOnTheBackendsThreads() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        String thread = await(backend.publish(sub.topic(), message("k", "a"))
                .thenApply(receipt -> Thread.currentThread().getName()));
        assertTrue(thread.startsWith("junction-artemis-"), thread);
    }

    @Test
    void batchIsStoredInOrderWithOneReceiptPerMessage() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        List<Message> batch = IntStream.range(0, 50).mapToObj(i -> message(i % 2 == 0 ? "even" : null, "m" + i)).toList();

        List<PublishReceipt> receipts = await(backend.publishBatch(sub.topic(), batch));
        assertEquals(batch.stream().map(Message::id).toList(), receipts.stream().map(PublishReceipt::id).toList());

        Broker.Sink sink = subscribe(sub);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Delivery d = sink.next();
            got.add(body(d));
            await(d.ack());
        }
        assertEquals(IntStream.range(0, 50).mapToObj(i -> "m" + i).toList(), got);
    }

    @Test
    void everySubscriptionGetsEveryMessage() throws Exception {
        SubscriptionSpec first = topicWithSubscription();
        SubscriptionSpec second = new SubscriptionSpec(unique("second"), first.topic());
        assertTrue(await(backend.ensureSubscription(second)));
        await(backend.publishBatch(first.topic(), List.of(message(null, "a"), message(null, "b"))));

        for (SubscriptionSpec sub : List.of(first, second)) {
            Broker.Sink sink = subscribe(sub);
            assertEquals(List.of("a", "b"), List.of(body(ackNext(sink)), body(ackNext(sink))));
        }
    }

    @Test
    void subscribersOfOneSubscriptionShareItsMessages() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        Broker.Sink one = subscribe(sub);
        Broker.Sink two = subscribe(sub);
        // both consumers attached before the first message: a group sticks to the consumer it first went to
        Broker.waiting().until(() -> Broker.consumerCount(broker.coreUrl(), sub.name()) == 2);
        // one key per message: message groups spread the keys over both consumers
        List<Message> batch = IntStream.range(0, 40).mapToObj(i -> message("key-" + i, "m" + i)).toList();
        await(backend.publishBatch(sub.topic(), batch));

        Broker.waiting().until(() -> one.received.size() + two.received.size() == batch.size());
        Set<String> all = new HashSet<>(one.bodies());
        all.addAll(two.bodies());
        assertEquals(batch.size(), all.size(), "no message twice");
        assertFalse(one.received.isEmpty(), "the first subscriber got a share");
        assertFalse(two.received.isEmpty(), "the second subscriber got a share");
        for (Delivery d : one.received) {
            await(d.ack());
        }
        for (Delivery d : two.received) {
            await(d.ack());
        }
    }

    @Test
    void nackWithDelayRedeliversWithTheNextAttemptToThatSubscriptionOnly() throws Exception {
        SubscriptionSpec retried = topicWithSubscription();
        SubscriptionSpec other = new SubscriptionSpec(unique("other"), retried.topic());
        await(backend.ensureSubscription(other));
        Message sent = message("k", "retry me");
        await(backend.publish(retried.topic(), sent));
        Broker.Sink retriedSink = subscribe(retried);
        Broker.Sink otherSink = subscribe(other);
        assertEquals(sent.id(), ackNext(otherSink).message().id());

        Delivery first = retriedSink.next();
        assertEquals(1, first.attempt());
        long nacked = System.nanoTime();
        await(first.nack(Duration.ofMillis(200)));

        Delivery again = retriedSink.next();
        assertTrue(System.nanoTime() - nacked >= Duration.ofMillis(200).toNanos(), "not before the delay");
        assertEquals(2, again.attempt());
        assertEquals(sent, again.message());
        await(again.ack());
        otherSink.staysEmpty(Duration.ofMillis(500));
    }

    @Test
    void ackRemovesAndAnUnsettledMessageComesBackAfterClose() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        await(backend.publishBatch(sub.topic(), List.of(message("k", "acked"), message("k", "unsettled"))));

        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, PREFETCH, sink);
        assertEquals("acked", body(ackNext(sink)));
        Delivery unsettled = sink.next();
        assertEquals("unsettled", body(unsettled));
        await(subscriber.close());
        assertEquals(ErrorKind.CLOSED, failureKind(unsettled.ack()));

        Broker.Sink after = subscribe(sub);
        Delivery back = ackNext(after);
        assertEquals("unsettled", body(back));
        // a clean close counts what the sink received as delivered, as a crashed consumer's would be
        assertEquals(2, back.attempt());
        after.staysEmpty(Duration.ofMillis(300));
    }

    @Test
    void settlingTwiceIsNotFound() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        await(backend.publish(sub.topic(), message(null, "once")));
        Delivery d = subscribe(sub).next();
        await(d.ack());
        assertEquals(ErrorKind.NOT_FOUND, failureKind(d.ack()));
        assertEquals(ErrorKind.NOT_FOUND, failureKind(d.nack(Duration.ZERO)));
        await(d.extend(Duration.ofSeconds(30)));
    }

    @Test
    void pausedSubscriberHandsNothingUntilResumed() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, PREFETCH, sink);
        subscribers.add(subscriber);
        subscriber.pause();
        await(backend.publish(sub.topic(), message(null, "later")));
        sink.staysEmpty(Duration.ofMillis(500));
        subscriber.resume();
        assertEquals("later", body(ackNext(sink)));
    }

    @Test
    void nativeDedupDropsASecondPublishOfTheSameId() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        Message m = message(null, "once");
        await(backend.publish(sub.topic(), m));
        assertEquals(new PublishReceipt(m.id(), null, false), await(backend.publish(sub.topic(), m)));
        Broker.Sink sink = subscribe(sub);
        ackNext(sink);
        sink.staysEmpty(Duration.ofMillis(300));
    }

    @Test
    void provisioningIsIdempotentAndChecked() throws Exception {
        String topic = unique("topic");
        SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), topic);
        assertEquals(ErrorKind.NOT_FOUND, failureKind(backend.ensureSubscription(sub)));
        assertTrue(await(backend.ensureTopic(new TopicSpec(topic))));
        assertFalse(await(backend.ensureTopic(new TopicSpec(topic))));
        assertTrue(await(backend.ensureSubscription(sub)));
        assertFalse(await(backend.ensureSubscription(sub)));

        String otherTopic = unique("topic");
        await(backend.ensureTopic(new TopicSpec(otherTopic)));
        assertEquals(ErrorKind.TERMINAL, failureKind(backend.ensureSubscription(new SubscriptionSpec(sub.name(), otherTopic))));

        assertTrue(await(backend.deleteSubscription(sub)));
        assertFalse(await(backend.deleteSubscription(sub)));
        assertTrue(await(backend.ensureSubscription(sub)));
        assertTrue(await(backend.deleteTopic(topic)));
        assertFalse(await(backend.deleteTopic(topic)));
        assertFalse(await(backend.deleteSubscription(sub)), "deleting the topic deleted its subscriptions");
        assertEquals(ErrorKind.NOT_FOUND, failureKind(backend.publish(topic, message(null, "x"))));
    }

    @Test
    void publishToAMissingTopicIsNotFound() {
        assertEquals(ErrorKind.NOT_FOUND, failureKind(backend.publish(unique("missing"), message(null, "x"))));
    }

    @Test
    void aBatchLargerThanThePendingBoundIsRefused() throws Exception {
        Backend small = new ArtemisBackendFactory().create("small",
                Map.of("url", broker.coreUrl(), "maxPendingPublishes", 2));
        try {
            await(small.start());
            SubscriptionSpec sub = topicWithSubscription();
            List<Message> three = List.of(message(null, "1"), message(null, "2"), message(null, "3"));
            assertEquals(ErrorKind.TERMINAL, failureKind(small.publishBatch(sub.topic(), three)));
        } finally {
            await(small.close());
        }
    }

    @Test
    void healthIsFineWhileConnected() throws Exception {
        assertNull(await(backend.checkHealth()));
    }

    @Test
    void anUnreachableBrokerIsRetriable() throws Exception {
        Backend nowhere = new ArtemisBackendFactory().create("nowhere", Map.of("url", "tcp://127.0.0.1:1",
                "callTimeoutMs", 2000));
        try {
            assertEquals(ErrorKind.RETRIABLE, failureKind(nowhere.start()));
            assertEquals(ErrorKind.RETRIABLE, failureKind(nowhere.checkHealth()));
            assertEquals(ErrorKind.RETRIABLE, failureKind(nowhere.publish("t", message(null, "x"))));
        } finally {
            await(nowhere.close());
        }
    }

    @Test
    void afterCloseEverythingIsClosed() throws Exception {
        SubscriptionSpec sub = topicWithSubscription();
        await(backend.publish(sub.topic(), message(null, "x")));
        Broker.Sink sink = new Broker.Sink();
        backend.subscribe(sub, PREFETCH, sink);
        Delivery d = sink.next();

        var closing = backend.close();
        assertSame(closing, backend.close());
        await(closing);
        assertEquals(ErrorKind.CLOSED, failureKind(backend.publish(sub.topic(), message(null, "y"))));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.publishBatch(sub.topic(), List.of(message(null, "y")))));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.ensureTopic(new TopicSpec(sub.topic()))));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.deleteTopic(sub.topic())));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.ensureSubscription(sub)));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.deleteSubscription(sub)));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.checkHealth()));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.start()));
        assertEquals(ErrorKind.CLOSED, failureKind(d.ack()));
        BackendException refused = assertThrows(BackendException.class, () -> backend.subscribe(sub, PREFETCH, sink));
        assertEquals(ErrorKind.CLOSED, refused.kind());
    }

    @Test
    void settingsAreValidatedAllAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ArtemisBackendFactory()
                .create("bad", Map.of("url", "nonsense://x", "callTimeoutMs", "soon", "reconnectAttempts", -2,
                        "pasword", "x")));
        for (String named : List.of("url", "callTimeoutMs", "reconnectAttempts", "pasword")) {
            assertTrue(e.getMessage().contains(named + ":"), e.getMessage());
        }
        assertNotEquals(null, new ArtemisBackendFactory().create("ok", Map.of("callTimeoutMs", 5000L, "user", "u")));
    }

    @Test
    void theFactoryIsFoundByServiceLoader() {
        assertTrue(java.util.ServiceLoader.load(io.junction.spi.BackendFactory.class).stream()
                .anyMatch(p -> p.get().type().equals("artemis")));
    }

    private SubscriptionSpec topicWithSubscription() throws Exception {
        SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
        assertTrue(await(backend.ensureTopic(new TopicSpec(sub.topic()))));
        assertTrue(await(backend.ensureSubscription(sub)));
        return sub;
    }

    private Broker.Sink subscribe(SubscriptionSpec sub) {
        Broker.Sink sink = new Broker.Sink();
        subscribers.add(backend.subscribe(sub, PREFETCH, sink));
        return sink;
    }

    private static Delivery ackNext(Broker.Sink sink) throws Exception {
        Delivery d = sink.next();
        await(d.ack());
        return d;
    }
}
