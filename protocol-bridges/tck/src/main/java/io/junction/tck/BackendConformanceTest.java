package io.junction.tck;

import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.junction.tck.Stages.await;
import static io.junction.tck.Stages.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SPI contract, tested directly against an adapter and its real broker. Subclasses supply a
 * started backend per test; every test uses topics of its own.
 */
public abstract class BackendConformanceTest {
    protected static final Duration WAIT = Duration.ofSeconds(20);
    protected static final Duration QUIET = Duration.ofMillis(500);

    protected Backend backend;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private String prefix;

    /** A new backend connected to the broker under test; the TCK starts and closes it. */
    protected abstract Backend newBackend();

    @BeforeEach
    void startBackend(TestInfo info) {
        prefix = "tck-" + info.getTestMethod().map(m -> m.getName()).orElse("t") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        backend = newBackend();
        await(backend.start());
    }

    @AfterEach
    void closeBackend() {
        subscribers.forEach(s -> await(s.close()));
        await(backend.close());
    }

    @Test
    void roundTripKeepsKeyHeadersContentTypeAndBinaryPayload() {
        String topic = topic("rt");
        SubscriptionSpec sub = subscription(topic, "s");
        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        Message sent = new Message(UUID.randomUUID().toString(), "customer-42",
                Map.of("trace", "abc-123", "unicode", "grüße ✓"), "application/octet-stream", payload,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        PublishReceipt receipt = await(backend.publish(topic, sent));
        assertEquals(sent.id(), receipt.id());
        assertFalse(receipt.duplicate());

        CollectingSink sink = consume(sub);
        Delivery d = sink.next(WAIT);
        Message got = d.message();
        assertEquals(sent.id(), got.id());
        assertEquals(sent.key(), got.key());
        assertEquals(sent.headers(), got.headers());
        assertEquals(sent.contentType(), got.contentType());
        assertArrayEquals(payload, got.payload());
        assertEquals(sent.publishTime(), got.publishTime());
        assertEquals(1, d.attempt());
        await(d.ack());
    }

    @Test
    void messageWithoutKeyOrContentTypeRoundTrips() {
        String topic = topic("plain");
        SubscriptionSpec sub = subscription(topic, "s");
        Message sent = new Message("m-1", null, Map.of(), null, new byte[0], Instant.now().truncatedTo(ChronoUnit.MILLIS));
        await(backend.publish(topic, sent));
        Delivery d = consume(sub).next(WAIT);
        assertNull(d.message().key());
        assertNull(d.message().contentType());
        assertEquals(0, d.message().payload().length);
        await(d.ack());
    }

    @Test
    void batchPublishReturnsOneReceiptPerMessageInOrder() {
        String topic = topic("batch");
        SubscriptionSpec sub = subscription(topic, "s");
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(text("b-" + i, null, "payload " + i));
        }
        List<PublishReceipt> receipts = await(backend.publishBatch(topic, batch));
        assertEquals(batch.stream().map(Message::id).toList(), receipts.stream().map(PublishReceipt::id).toList());

        CollectingSink sink = consume(sub);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Delivery d = sink.next(WAIT);
            seen.add(d.message().id());
            await(d.ack());
        }
        assertEquals(receipts.stream().map(PublishReceipt::id).collect(java.util.stream.Collectors.toSet()), seen);
    }

    @Test
    void everySubscriptionReceivesEveryMessagePublishedAfterItWasCreated() {
        String topic = topic("fanout");
        SubscriptionSpec early = subscription(topic, "early");
        await(backend.publish(topic, text("before", null, "before the late subscription")));
        SubscriptionSpec late = subscription(topic, "late");
        await(backend.publish(topic, text("after-1", null, "x")));
        await(backend.publish(topic, text("after-2", null, "y")));

        // unkeyed messages may spread over lanes: no order between them is promised
        assertEquals(Set.of("before", "after-1", "after-2"), new HashSet<>(drainIds(consume(early), 3)));
        List<String> lateIds = drainIds(consume(late), 2);
        assertEquals(Set.of("after-1", "after-2"), new HashSet<>(lateIds));
    }

    @Test
    void consumersOfOneSubscriptionShareItsMessages() {
        String topic = topic("share");
        SubscriptionSpec sub = subscription(topic, "workers");
        CollectingSink a = consume(sub);
        CollectingSink b = consume(sub);
        int count = 40;
        for (int i = 0; i < count; i++) {
            await(backend.publish(topic, text("w-" + i, null, "job " + i)));
        }
        Set<String> acked = new HashSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (acked.size() < count && System.nanoTime() < deadline) {
            for (CollectingSink sink : List.of(a, b)) {
                Delivery d = sink.poll(Duration.ofMillis(50));
                if (d != null) {
                    assertTrue(acked.add(d.message().id()), "delivered twice: " + d.message().id());
                    await(d.ack());
                }
            }
        }
        assertEquals(count, acked.size(), "every message reaches exactly one consumer");
        assertNull(a.poll(QUIET), "nothing more for consumer a");
        assertNull(b.poll(Duration.ofMillis(50)), "nothing more for consumer b");
    }

    @Test
    void nackRedeliversWithTheNextAttempt() {
        String topic = topic("nack");
        SubscriptionSpec sub = subscription(topic, "s");
        await(backend.publish(topic, text("n-1", "k", "retry me")));
        CollectingSink sink = consume(sub);
        Delivery first = sink.next(WAIT);
        assertEquals(1, first.attempt());
        await(first.nack(Duration.ZERO));
        Delivery second = sink.next(WAIT);
        assertEquals("n-1", second.message().id());
        assertEquals(2, second.attempt());
        assertEquals("retry me", new String(second.message().payload(), StandardCharsets.UTF_8));
        await(second.ack());
        assertNull(sink.poll(QUIET), "acked message is not redelivered");
    }

    @Test
    void nackWithDelayIsNotRedeliveredBeforeTheDelay() {
        String topic = topic("delay");
        SubscriptionSpec sub = subscription(topic, "s");
        await(backend.publish(topic, text("d-1", null, "later")));
        CollectingSink sink = consume(sub);
        Delivery first = sink.next(WAIT);
        long nackedAt = System.nanoTime();
        await(first.nack(Duration.ofMillis(1500)));
        Delivery again = sink.next(WAIT);
        long waitedMs = (System.nanoTime() - nackedAt) / 1_000_000;
        assertEquals("d-1", again.message().id());
        assertTrue(waitedMs >= 1400, "redelivered after " + waitedMs + " ms, before the 1500 ms delay");
        await(again.ack());
    }

    @Test
    void nackReachesOnlyTheNackingSubscription() {
        String topic = topic("nack-scope");
        SubscriptionSpec one = subscription(topic, "one");
        SubscriptionSpec two = subscription(topic, "two");
        await(backend.publish(topic, text("x-1", null, "x")));
        CollectingSink sinkOne = consume(one);
        CollectingSink sinkTwo = consume(two);
        await(sinkTwo.next(WAIT).ack());
        await(sinkOne.next(WAIT).nack(Duration.ZERO));
        await(sinkOne.next(WAIT).ack());
        assertNull(sinkTwo.poll(QUIET), "the other subscription does not see the nacked message again");
    }

    @Test
    void settlingTwiceFails() {
        String topic = topic("twice");
        SubscriptionSpec sub = subscription(topic, "s");
        await(backend.publish(topic, text("t-1", null, "once")));
        Delivery d = consume(sub).next(WAIT);
        await(d.ack());
        awaitFailure(ErrorKind.NOT_FOUND, d.ack());
    }

    @Test
    void unsettledDeliveriesReturnToTheBrokerWhenTheSubscriberCloses() {
        String topic = topic("return");
        SubscriptionSpec sub = subscription(topic, "s");
        await(backend.publish(topic, text("r-1", null, "held")));
        CollectingSink first = new CollectingSink();
        Subscriber s = backend.subscribe(sub, new SubscribeOptions(10), first);
        first.next(WAIT);
        await(s.close());
        Delivery again = consume(sub).next(WAIT);
        assertEquals("r-1", again.message().id());
        if (backend.capabilities().contains(Capability.DELIVERY_COUNT)) {
            assertEquals(2, again.attempt());
        }
        await(again.ack());
    }

    @Test
    void messagesOfOneKeyArriveInPublishOrderWithinTheirLane() {
        assumeTrue(backend.capabilities().contains(Capability.ORDERED_PER_KEY), "backend does not order per key");
        String topic = topic("order");
        SubscriptionSpec sub = subscription(topic, "s");
        int keys = 5;
        int perKey = 20;
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                batch.add(text("o-" + k + "-" + i, "key-" + k, Integer.toString(i)));
            }
        }
        await(backend.publishBatch(topic, batch));
        CollectingSink sink = consume(sub);
        Map<String, Integer> lastPerKey = new HashMap<>();
        Map<String, String> laneOfKey = new HashMap<>();
        for (int n = 0; n < keys * perKey; n++) {
            Delivery d = sink.next(WAIT);
            String key = d.message().key();
            int seq = Integer.parseInt(new String(d.message().payload(), StandardCharsets.UTF_8));
            assertEquals(lastPerKey.getOrDefault(key, -1) + 1, seq, "order of key " + key);
            lastPerKey.put(key, seq);
            assertEquals(laneOfKey.computeIfAbsent(key, k -> d.lane()), d.lane(), "a key stays in one lane");
            await(d.ack());
        }
    }

    @Test
    void provisioningIsIdempotent() {
        String topic = prefix + "-idem";
        assertTrue(await(backend.ensureTopic(new TopicSpec(topic))));
        assertFalse(await(backend.ensureTopic(new TopicSpec(topic))));
        SubscriptionSpec sub = new SubscriptionSpec(prefix + "-idem-s", topic);
        assertTrue(await(backend.ensureSubscription(sub)));
        assertFalse(await(backend.ensureSubscription(sub)));
        assertTrue(await(backend.deleteSubscription(sub)));
        assertFalse(await(backend.deleteSubscription(sub)));
        assertTrue(await(backend.deleteTopic(topic)));
        assertFalse(await(backend.deleteTopic(topic)));
    }

    @Test
    void aDeletedSubscriptionKeepsNoMessages() {
        String topic = topic("recreate");
        SubscriptionSpec sub = subscription(topic, "s");
        await(backend.publish(topic, text("old", null, "old")));
        assertTrue(await(backend.deleteSubscription(sub)));
        assertTrue(await(backend.ensureSubscription(sub)));
        await(backend.publish(topic, text("new", null, "new")));
        assertEquals(List.of("new"), drainIds(consume(sub), 1));
    }

    @Test
    void missingTopicsAreNotFound() {
        String topic = prefix + "-missing";
        awaitFailure(ErrorKind.NOT_FOUND, backend.publish(topic, text("m", null, "x")));
        awaitFailure(ErrorKind.NOT_FOUND, backend.ensureSubscription(new SubscriptionSpec(prefix + "-s", topic)));
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailClosed() {
        String topic = topic("close");
        await(backend.close());
        await(backend.close());
        awaitFailure(ErrorKind.CLOSED, backend.publish(topic, text("c", null, "x")));
        awaitFailure(ErrorKind.CLOSED, backend.ensureTopic(new TopicSpec(topic + "-2")));
    }

    // ---- helpers for subclasses' own tests too ----

    protected String topic(String name) {
        String topic = prefix + "-" + name;
        await(backend.ensureTopic(new TopicSpec(topic)));
        return topic;
    }

    protected SubscriptionSpec subscription(String topic, String name) {
        SubscriptionSpec spec = new SubscriptionSpec(topic + "-" + name, topic);
        await(backend.ensureSubscription(spec));
        return spec;
    }

    protected CollectingSink consume(SubscriptionSpec sub) {
        CollectingSink sink = new CollectingSink();
        subscribers.add(backend.subscribe(sub, new SubscribeOptions(10), sink));
        return sink;
    }

    protected static Message text(String id, String key, String body) {
        return new Message(id, key, Map.of(), "text/plain", body.getBytes(StandardCharsets.UTF_8),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Takes and acks {@code count} deliveries, then checks that nothing more arrives. */
    protected static List<String> drainIds(CollectingSink sink, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Delivery d = sink.next(WAIT);
            ids.add(d.message().id());
            await(d.ack());
        }
        assertNull(sink.poll(QUIET), "no more than " + count + " deliveries");
        return ids;
    }
}
