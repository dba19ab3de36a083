package io.junction.bridge.kafka;

import static io.junction.bridge.kafka.Fixtures.await;
import static io.junction.bridge.kafka.Fixtures.body;
import static io.junction.bridge.kafka.Fixtures.failureKind;
import static io.junction.bridge.kafka.Fixtures.message;
import static io.junction.bridge.kafka.Fixtures.topicWithSubscription;
import static io.junction.bridge.kafka.Fixtures.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.BackendException;
import io.junction.spi.BackendFactory;
import io.junction.spi.Capability;
import io.junction.spi.Delivery;
import io.junction.spi.ErrorKind;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.junction.spi.SeekTarget;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** What the TCK does not pin down: Kafka's own mapping, flow control, settings, replay. */
class KafkaBackendTest {
    static final SubscribeOptions PREFETCH = new SubscribeOptions(16);

    Backend backend;
    final List<Subscriber> subscribers = new ArrayList<>();

    @BeforeEach
    void startBackend() throws Exception {
        backend = Fixtures.backend("test", Map.of());
    }

    @AfterEach
    void closeBackend() throws Exception {
        for (Subscriber s : subscribers) {
            await(s.close());
        }
        await(backend.close());
    }

    @Test
    void receiptsNamePartitionAndOffsetAndAKeyStaysInItsPartitionLane() throws Exception {
        SubscriptionSpec sub = topicWithSubscription(backend);
        List<Message> batch = IntStream.range(0, 30).mapToObj(i -> message("key-" + (i % 3), "m" + i)).toList();
        List<PublishReceipt> receipts = await(backend.publishBatch(sub.topic(), batch));

        Map<String, Set<String>> lanesOfKey = new HashMap<>();
        Fixtures.Sink sink = subscribe(sub);
        for (int i = 0; i < batch.size(); i++) {
            Delivery d = sink.next();
            int index = Integer.parseInt(body(d).substring(1));
            String position = receipts.get(index).position();
            assertEquals(d.lane(), position.substring(0, position.indexOf(':')), "the lane is the receipt's partition");
            assertEquals(1, d.attempt());
            lanesOfKey.computeIfAbsent(d.message().key(), k -> new HashSet<>()).add(d.lane());
            await(d.ack());
        }
        lanesOfKey.forEach((key, lanes) -> assertEquals(1, lanes.size(), "key " + key + " in " + lanes));
    }

    @Test
    void claimsOnlyWhatKafkaDoes() {
        assertEquals(Set.of(Capability.ORDERED_PER_KEY, Capability.REPLAY, Capability.CONSUMER_GROUPS),
                backend.capabilities());
    }

    @Test
    void stagesCompleteOnTheBackendsThreads() throws Exception {
        SubscriptionSpec sub = topicWithSubscription(backend);
        String thread = await(backend.publish(sub.topic(), message("k", "a"))
                .thenApply(receipt -> Thread.currentThread().getName()));
        assertTrue(thread.startsWith("junction-kafka-test-complete"), thread);
    }

    @Test
    void topicsGetTheConfiguredPartitionsAndTopicConfig() throws Exception {
        Backend configured = Fixtures.backend("configured", Map.of("partitions", 3, "replicationFactor", 1,
                "topicConfig", Map.of("retention.ms", 3_600_000)));
        String topic = unique("topic");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
            assertTrue(await(configured.ensureTopic(new TopicSpec(topic))));
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            assertEquals(3, description.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertEquals("3600000", config.get("retention.ms").value());
        } finally {
            await(configured.close());
        }
    }

    @Test
    void aPausedSubscriberHandsNothingUntilResumed() throws Exception {
        SubscriptionSpec sub = topicWithSubscription(backend);
        Fixtures.Sink sink = new Fixtures.Sink();
        Subscriber subscriber = backend.subscribe(sub, PREFETCH, sink);
        subscribers.add(subscriber);
        subscriber.pause();
        await(backend.publish(sub.topic(), message(null, "later")));
        sink.staysEmpty(Duration.ofMillis(700));
        subscriber.resume();
        assertEquals(List.of("later"), sink.ackNext(1));
    }

    @Test
    void ackedMessagesAreCommittedAndTheRestComesBackToTheNextConsumer() throws Exception {
        SubscriptionSpec sub = topicWithSubscription(backend);
        await(backend.publishBatch(sub.topic(), List.of(message("k", "acked"), message("k", "unsettled"))));
        Fixtures.Sink sink = new Fixtures.Sink();
        Subscriber first = backend.subscribe(sub, PREFETCH, sink);
        assertEquals(List.of("acked"), sink.ackNext(1));
        Delivery unsettled = sink.next();
        await(first.close());
        assertEquals(ErrorKind.CLOSED, failureKind(unsettled.ack()));
        assertEquals(ErrorKind.CLOSED, failureKind(unsettled.extend(Duration.ofSeconds(1))));

        Fixtures.Sink after = subscribe(sub);
        assertEquals(List.of("unsettled"), after.ackNext(1));
        after.staysEmpty(Duration.ofMillis(300));
    }

    @Test
    void seekRewindsToATimeOrAPositionOnlyWhileNobodyConsumes() throws Exception {
        Backend onePartition = Fixtures.backend("replay", Map.of("partitions", 1));
        try {
            SubscriptionSpec sub = topicWithSubscription(onePartition);
            Instant start = Instant.now();
            // the publish time is the record timestamp that a seek to a time compares with
            await(onePartition.publishBatch(sub.topic(), List.of(at(start, "a"), at(start, "b"))));
            List<PublishReceipt> later = await(onePartition.publishBatch(sub.topic(), List.of(at(start.plusSeconds(10), "c"))));
            Instant between = start.plusSeconds(5);

            Fixtures.Sink sink = new Fixtures.Sink();
            Subscriber consuming = onePartition.subscribe(sub, PREFETCH, sink);
            assertEquals(List.of("a", "b", "c"), sink.ackNext(3));
            assertEquals(ErrorKind.TERMINAL, failureKind(onePartition.seek(sub, SeekTarget.toPosition("earliest"))),
                    "Kafka moves offsets only while no consumer is attached");
            await(consuming.close());

            await(onePartition.seek(sub, SeekTarget.toTime(between)));
            assertEquals(List.of("c"), drain(onePartition, sub, 1));
            await(onePartition.seek(sub, SeekTarget.toPosition("earliest")));
            assertEquals(List.of("a", "b", "c"), drain(onePartition, sub, 3));
            await(onePartition.seek(sub, SeekTarget.toPosition(later.get(0).position())));
            assertEquals(List.of("c"), drain(onePartition, sub, 1));

            assertEquals(ErrorKind.TERMINAL, failureKind(onePartition.seek(sub, SeekTarget.toPosition("0:x"))));
            assertEquals(ErrorKind.TERMINAL, failureKind(onePartition.seek(sub, SeekTarget.toPosition("7:0"))));
            assertEquals(ErrorKind.NOT_FOUND, failureKind(onePartition.seek(new SubscriptionSpec(unique("none"), sub.topic()),
                    SeekTarget.toPosition("latest"))));
        } finally {
            await(onePartition.close());
        }
    }

    @Test
    void deletingASubscriptionThatIsConsumedIsRefused() throws Exception {
        SubscriptionSpec sub = topicWithSubscription(backend);
        await(backend.publish(sub.topic(), message(null, "x")));
        Fixtures.Sink sink = subscribe(sub);
        sink.ackNext(1);
        assertEquals(ErrorKind.TERMINAL, failureKind(backend.deleteSubscription(sub)));
    }

    @Test
    void settingsAreValidatedAllAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new KafkaBackendFactory()
                .create("bad", Map.of("partitions", 0, "callTimeoutMs", "soon", "replicationFactor", 0,
                        "consumerProperties", Map.of("enable.auto.commit", true), "producerProperties", Map.of("acks", "1"),
                        "bootstrapServer", "x")));
        for (String named : List.of("partitions:", "callTimeoutMs:", "replicationFactor:",
                "consumerProperties.enable.auto.commit:", "producerProperties.acks:", "bootstrapServer:")) {
            assertTrue(e.getMessage().contains(named), named + " in " + e.getMessage());
        }
        assertNotNull(new KafkaBackendFactory().create("ok", Map.of("partitions", 3L,
                "clientProperties", Map.of("security.protocol", "PLAINTEXT"))));
    }

    @Test
    void theFactoryIsFoundByServiceLoader() {
        assertTrue(ServiceLoader.load(BackendFactory.class).stream().anyMatch(p -> p.get().type().equals("kafka")));
    }

    @Test
    void anUnreachableClusterIsRetriable() throws Exception {
        Backend nowhere = new KafkaBackendFactory().create("nowhere", Map.of("bootstrapServers", "127.0.0.1:1",
                "callTimeoutMs", 1000));
        try {
            assertEquals(ErrorKind.RETRIABLE, failureKind(nowhere.start()));
            assertEquals(ErrorKind.RETRIABLE, failureKind(nowhere.checkHealth()));
        } finally {
            await(nowhere.close());
        }
    }

    @Test
    void afterCloseEverythingIsClosed() throws Exception {
        SubscriptionSpec sub = topicWithSubscription(backend);
        await(backend.publish(sub.topic(), message(null, "x")));
        Fixtures.Sink sink = new Fixtures.Sink();
        backend.subscribe(sub, PREFETCH, sink);
        Delivery d = sink.next();

        var closing = backend.close();
        assertSame(closing, backend.close());
        await(closing);
        assertEquals(ErrorKind.CLOSED, failureKind(backend.publish(sub.topic(), message(null, "y"))));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.ensureSubscription(sub)));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.checkHealth()));
        assertEquals(ErrorKind.CLOSED, failureKind(backend.seek(sub, SeekTarget.toPosition("earliest"))));
        assertEquals(ErrorKind.CLOSED, failureKind(d.ack()));
        BackendException refused = assertThrows(BackendException.class, () -> backend.subscribe(sub, PREFETCH, sink));
        assertEquals(ErrorKind.CLOSED, refused.kind());
    }

    private static Message at(Instant publishTime, String body) {
        Message m = message(null, body);
        return new Message(m.id(), null, Map.of(), m.contentType(), m.payload(), publishTime);
    }

    private List<String> drain(Backend b, SubscriptionSpec sub, int count) throws Exception {
        Fixtures.Sink sink = new Fixtures.Sink();
        Subscriber s = b.subscribe(sub, PREFETCH, sink);
        try {
            List<String> bodies = sink.ackNext(count);
            sink.staysEmpty(Duration.ofMillis(300));
            return bodies;
        } finally {
            await(s.close());
        }
    }

    private Fixtures.Sink subscribe(SubscriptionSpec sub) {
        Fixtures.Sink sink = new Fixtures.Sink();
        subscribers.add(backend.subscribe(sub, PREFETCH, sink));
        return sink;
    }
}
