package io.junction.bridge.nats;

import static io.junction.bridge.nats.NatsTestSupport.await;
import static io.junction.bridge.nats.NatsTestSupport.body;
import static io.junction.bridge.nats.NatsTestSupport.failureKind;
import static io.junction.bridge.nats.NatsTestSupport.message;
import static io.junction.bridge.nats.NatsTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;
import io.nats.client.Connection;
import io.nats.client.Nats;

/** Behaviour of this bridge beyond the conformance suite. */
class NatsBackendTest {
    Backend backend;

    @AfterEach
    void close() throws Exception {
        if (backend != null) {
            await(backend.close());
        }
    }

    @Test
    void theStreamDropsASecondPublishOfAnIdAndSaysSo() throws Exception {
        SubscriptionSpec sub = provisioned(Map.of());
        Message m = message("k", "once");
        PublishReceipt first = await(backend.publish(sub.topic(), m));
        PublishReceipt again = await(backend.publish(sub.topic(), m));
        assertFalse(first.duplicate());
        assertEquals(new PublishReceipt(m.id(), first.position(), true), again);

        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        backend.subscribe(sub, new SubscribeOptions(4), sink);
        await(sink.next().ack());
        sink.staysEmpty(Duration.ofMillis(500));
    }

    @Test
    void aDeliveryHeldLongerThanTheAckWaitIsNotRedelivered() throws Exception {
        SubscriptionSpec sub = provisioned(Map.of("ackWaitMs", 1000));
        await(backend.publish(sub.topic(), message("k", "slow")));
        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery held = sink.next();
        sink.staysEmpty(Duration.ofMillis(3500)); // three and a half AckWaits
        await(held.ack());
        sink.staysEmpty(Duration.ofMillis(1500));
        await(subscriber.close());
    }

    @Test
    void extendRestartsTheAckWaitAndFailsOnceSettled() throws Exception {
        SubscriptionSpec sub = provisioned(Map.of());
        await(backend.publish(sub.topic(), message(null, "x")));
        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery d = sink.next();
        await(d.extend(Duration.ofMinutes(5)));
        await(d.ack());
        assertEquals(ErrorKind.NOT_FOUND, failureKind(d.extend(Duration.ofMinutes(5))));
    }

    @Test
    void aKeyStaysOnOneSubjectShard() throws Exception {
        SubscriptionSpec sub = provisioned(Map.of("shards", 4));
        for (int i = 0; i < 5; i++) {
            await(backend.publish(sub.topic(), message("customer-" + (i % 2), "m" + i)));
        }
        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        backend.subscribe(sub, new SubscribeOptions(10), sink);
        Map<String, String> laneOfKey = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            Delivery d = sink.next();
            assertEquals("m" + i, body(d), "the consumer's order is the stream's");
            assertEquals(laneOfKey.computeIfAbsent(d.message().key(), k -> d.lane()), d.lane());
            assertTrue(Integer.parseInt(d.lane()) < 4, d.lane());
            await(d.ack());
        }
    }

    @Test
    void aMessageOverTheServersMaxPayloadIsRefusedForGood() throws Exception {
        SubscriptionSpec sub = provisioned(Map.of());
        Message huge = new Message("huge", null, Map.of(), null, new byte[9 * 1024 * 1024], Instant.now());
        assertEquals(ErrorKind.TERMINAL, failureKind(backend.publish(sub.topic(), huge)));
    }

    @Test
    void anExistingStreamFollowsTheGatewaysDedupWindow() throws Exception {
        SubscriptionSpec sub = provisioned(Map.of());
        assertFalse(await(backend.ensureTopic(new TopicSpec(sub.topic(), Duration.ofSeconds(5)))), "it existed");
        Connection plain = Nats.connect(SharedServer.url());
        try {
            assertEquals(Duration.ofSeconds(5), plain.jetStreamManagement()
                    .getStreamInfo(sub.topic().replace('.', '~')).getConfiguration().getDuplicateWindow());
        } finally {
            plain.close();
        }
    }

    @Test
    void settingsAreValidatedAllAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NatsBackendFactory()
                .create("bad", Map.of("url", "http://x", "shards", 0, "ackWaitMs", "soon", "colour", "red")));
        for (String named : new String[] {"url", "shards", "ackWaitMs", "colour"}) {
            assertTrue(e.getMessage().contains(named + ":"), e.getMessage());
        }
    }

    private SubscriptionSpec provisioned(Map<String, Object> settings) throws Exception {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("url", SharedServer.url());
        backend = new NatsBackendFactory().create("test", all);
        await(backend.start());
        SubscriptionSpec sub = new SubscriptionSpec(unique("sub"), unique("topic"));
        await(backend.ensureTopic(new TopicSpec(sub.topic())));
        await(backend.ensureSubscription(sub));
        return sub;
    }
}
