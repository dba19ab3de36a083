package io.junction.bridge.nats;

import static io.junction.bridge.nats.NatsTestSupport.await;
import static io.junction.bridge.nats.NatsTestSupport.body;
import static io.junction.bridge.nats.NatsTestSupport.failureKind;
import static io.junction.bridge.nats.NatsTestSupport.message;
import static io.junction.bridge.nats.NatsTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.Capability;
import io.junction.spi.Delivery;
import io.junction.spi.DeliveryMode;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;

/** At-most-once topics on core NATS, through the backend alone. */
class AtMostOnceBackendTest {
    Backend backend;
    String topic;

    @BeforeEach
    void start() throws Exception {
        backend = new NatsBackendFactory().create("amo", Map.of("url", SharedServer.url()));
        await(backend.start());
        topic = unique("ticks");
    }

    @AfterEach
    void stop() throws Exception {
        await(backend.close());
    }

    @Test
    void onlyASubscriberConnectedAtPublishTimeGetsTheMessageAndNeedsNoSettlement() throws Exception {
        assertTrue(await(backend.ensureTopic(atMostOnce(topic))));
        assertFalse(await(backend.ensureTopic(atMostOnce(topic))), "it existed");
        assertEquals(Set.of(Capability.AT_MOST_ONCE, Capability.CONSUMER_GROUPS), backend.capabilities(DeliveryMode.AT_MOST_ONCE));
        assertFalse(backend.capabilities(DeliveryMode.AT_LEAST_ONCE).contains(Capability.AT_MOST_ONCE));
        SubscriptionSpec sub = new SubscriptionSpec(unique("screen"), topic);
        await(backend.ensureSubscription(sub));

        Message missed = message("k", "before anyone listened");
        assertEquals(new PublishReceipt(missed.id(), null, false), await(backend.publish(topic, missed)));
        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(10), sink);
        Message heard = message("k", "while listening");
        await(backend.publish(topic, heard));

        Delivery d = sink.next();
        assertEquals(heard, d.message());
        assertEquals(1, d.attempt());
        assertEquals(Integer.toString(Subjects.shard("k", 16)), d.lane());
        await(d.ack());
        await(d.extend(Duration.ofSeconds(30)));
        assertEquals(ErrorKind.UNSUPPORTED, failureKind(d.nack(Duration.ZERO)));
        sink.staysEmpty(Duration.ofMillis(500)); // neither the missed message nor a redelivery
        await(subscriber.close());
    }

    @Test
    void everySubscriptionGetsEveryMessageAndTheSubscribersOfOneShareThem() throws Exception {
        await(backend.ensureTopic(atMostOnce(topic)));
        SubscriptionSpec shared = new SubscriptionSpec(unique("workers"), topic);
        SubscriptionSpec alone = new SubscriptionSpec(unique("audit"), topic);
        NatsTestSupport.Sink first = new NatsTestSupport.Sink();
        NatsTestSupport.Sink second = new NatsTestSupport.Sink();
        NatsTestSupport.Sink audit = new NatsTestSupport.Sink();
        backend.subscribe(shared, new SubscribeOptions(100), first);
        backend.subscribe(shared, new SubscribeOptions(100), second);
        backend.subscribe(alone, new SubscribeOptions(100), audit);
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(message(null, "m" + i));
        }
        await(backend.publishBatch(topic, batch));

        NatsTestSupport.waiting().until(() -> audit.received.size() == 20 && first.received.size() + second.received.size() == 20);
        Set<String> shares = new HashSet<>(first.bodies());
        shares.addAll(second.bodies());
        assertEquals(20, shares.size(), "each message went to one subscriber of the shared subscription");
        assertEquals(batch.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList(), audit.bodies(),
                "in publish order");
    }

    @Test
    void whatArrivesWhilePausedIsDropped() throws Exception {
        await(backend.ensureTopic(atMostOnce(topic)));
        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        Subscriber subscriber = backend.subscribe(new SubscriptionSpec(unique("slow"), topic), new SubscribeOptions(10), sink);
        subscriber.pause();
        await(backend.publish(topic, message(null, "dropped")));
        subscriber.resume();
        await(backend.publish(topic, message(null, "kept")));
        assertEquals("kept", body(sink.next()));
        sink.staysEmpty(Duration.ofMillis(300));
    }

    @Test
    void aTopicKeepsItsModeAndAStreamOnItsSubjectsRefusesAtMostOnce() throws Exception {
        await(backend.ensureTopic(atMostOnce(topic)));
        assertEquals(ErrorKind.TERMINAL, failureKind(backend.ensureTopic(new TopicSpec(topic))));
        assertTrue(await(backend.deleteTopic(topic)));
        assertEquals(ErrorKind.NOT_FOUND, failureKind(backend.publish(topic, message(null, "nobody"))),
                "forgotten: a publish goes to JetStream, where the topic has no stream");

        await(backend.ensureTopic(new TopicSpec(topic)));
        assertEquals(ErrorKind.TERMINAL, failureKind(backend.ensureTopic(atMostOnce(topic))));
        String other = unique("native");
        String stream = "native-" + Subjects.token(other);
        Connection plain = Nats.connect(SharedServer.url());
        try {
            plain.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream)
                    .subjects(Subjects.token(other) + ".7").build());
            assertEquals(ErrorKind.TERMINAL, failureKind(backend.ensureTopic(atMostOnce(other))),
                    "a stream of another name capturing one of its subjects");
        } finally {
            plain.jetStreamManagement().deleteStream(stream);
            plain.close();
        }
    }

    @Test
    void aNativeCorePublishIsDeliveredWithAnIdAndPublishTimeOfItsOwn() throws Exception {
        await(backend.ensureTopic(atMostOnce(topic)));
        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        backend.subscribe(new SubscriptionSpec(unique("reader"), topic), new SubscribeOptions(10), sink);
        await(backend.publish(topic, message(null, "barrier"))); // the server has the subscription once this is through
        assertEquals("barrier", body(sink.next()));
        Instant before = Instant.now();
        Connection plain = Nats.connect(SharedServer.url());
        try {
            plain.publish(Subjects.token(topic) + ".anything", "native".getBytes(StandardCharsets.UTF_8));
            plain.flush(Duration.ofSeconds(5));
        } finally {
            plain.close();
        }
        Delivery d = sink.next();
        assertEquals("native", body(d));
        assertEquals("anything", d.lane());
        assertNull(d.message().key());
        assertFalse(d.message().id().isEmpty());
        assertFalse(d.message().publishTime().isBefore(before));
    }

    private static TopicSpec atMostOnce(String name) {
        return new TopicSpec(name, TopicSpec.DEFAULT_DEDUP_WINDOW, DeliveryMode.AT_MOST_ONCE);
    }
}
