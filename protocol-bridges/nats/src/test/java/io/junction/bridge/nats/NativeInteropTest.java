package io.junction.bridge.nats;

import static io.junction.bridge.nats.NatsTestSupport.await;
import static io.junction.bridge.nats.NatsTestSupport.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;

/**
 * The documented mapping, seen with a plain jnats client: what the backend writes is readable by any NATS
 * subscriber, and what a plain JetStream publish writes comes through the backend.
 */
class NativeInteropTest {
    Backend backend;
    Connection plain;
    SubscriptionSpec sub;
    /** The topic's stream: its name with ~ for each dot. */
    String stream;

    @BeforeEach
    void start() throws Exception {
        backend = new NatsBackendFactory().create("interop", Map.of("url", SharedServer.url()));
        await(backend.start());
        plain = Nats.connect(SharedServer.url());
        sub = new SubscriptionSpec(unique("billing"), unique("orders.eu"));
        stream = sub.topic().replace('.', '~');
        await(backend.ensureTopic(new TopicSpec(sub.topic())));
        await(backend.ensureSubscription(sub));
    }

    @AfterEach
    void stop() throws Exception {
        plain.close();
        await(backend.close());
    }

    @Test
    void topicsAndSubscriptionsAreAStreamAndADurablePullConsumerAsDocumented() throws Exception {
        JetStreamManagement jsm = plain.jetStreamManagement();
        StreamConfiguration s = jsm.getStreamInfo(stream).getConfiguration();
        assertEquals(List.of(stream + ".>"), s.getSubjects());
        assertEquals(StorageType.File, s.getStorageType());
        assertEquals(RetentionPolicy.Interest, s.getRetentionPolicy());
        assertEquals(Duration.ofMinutes(10), s.getDuplicateWindow());
        ConsumerConfiguration c = jsm.getConsumerInfo(stream, sub.name().replace('.', '~')).getConsumerConfiguration();
        assertEquals(AckPolicy.Explicit, c.getAckPolicy());
        assertEquals(DeliverPolicy.New, c.getDeliverPolicy());
        assertEquals(Duration.ofSeconds(30), c.getAckWait());
        assertEquals(-1, c.getMaxDeliver());
        assertEquals(10_000, c.getMaxAckPending());
        assertNull(c.getDeliverSubject(), "a pull consumer");
    }

    @Test
    void aPlainSubscriberSeesWhatTheBackendPublishedWithTheDocumentedHeaders() throws Exception {
        Subscription listener = plain.subscribe(stream + ".>");
        plain.flush(Duration.ofSeconds(5));
        byte[] payload = {0, 1, 2, (byte) 0xff};
        Instant publishTime = Instant.parse("2026-03-04T05:06:07.089123Z");
        Message sent = new Message("id-42", "customer-7", Map.of("x-trace", "abc", "grüße", "✓ ok"),
                "application/json", payload, publishTime);
        await(backend.publish(sub.topic(), sent));

        io.nats.client.Message received = listener.nextMessage(Duration.ofSeconds(NatsTestSupport.WAIT_SECONDS));
        assertNotNull(received);
        CRC32 crc = new CRC32();
        crc.update("customer-7".getBytes(StandardCharsets.UTF_8));
        assertEquals(stream + "." + crc.getValue() % 16, received.getSubject(), "the key's subject shard");
        assertArrayEquals(payload, received.getData());
        Headers h = received.getHeaders();
        assertEquals("id-42", h.getFirst("Nats-Msg-Id"));
        assertEquals("customer-7", h.getFirst("Junction-Key"));
        assertEquals("application/json", h.getFirst("Junction-Content-Type"));
        assertEquals("2026-03-04T05:06:07.089123Z", h.getFirst("Junction-Publish-Time"));
        assertEquals("abc", h.getFirst("Junction-H-x-trace"));
        assertEquals("=?UTF-8?B?4pyTIG9r?=", h.getFirst("Junction-H-gr%C3%BC%C3%9Fe"), "RFC 2047 for non-ASCII");
    }

    @Test
    void theBackendReadsWhatAPlainJetStreamPublishWrote() throws Exception {
        Headers headers = new Headers().put("Nats-Msg-Id", "native-1").put("Junction-Key", "group-1")
                .put("traceId", "t-1").put("Retries", "3");
        plain.jetStream().publish(stream + ".from-billing", headers, "héllo".getBytes(StandardCharsets.UTF_8));
        PublishAck bare = plain.jetStream().publish(stream + ".bare.subject", new byte[] {7});

        NatsTestSupport.Sink sink = new NatsTestSupport.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery first = sink.next();
        assertEquals("native-1", first.message().id());
        assertEquals("group-1", first.message().key());
        assertEquals("héllo", NatsTestSupport.body(first));
        assertEquals(Map.of("traceid", "t-1", "retries", "3"), first.message().headers());
        assertNull(first.message().contentType());
        assertEquals("from-billing", first.lane());
        assertEquals(1, first.attempt());
        assertTrue(Duration.between(first.message().publishTime(), Instant.now()).abs().toSeconds() < 60,
                "publish time from the stream's timestamp");
        await(first.ack());

        Delivery second = sink.next();
        assertEquals(stream + ":" + bare.getSeqno(), second.message().id(), "no Nats-Msg-Id: stream and sequence");
        assertNull(second.message().key());
        assertEquals(Map.of(), second.message().headers());
        assertEquals("bare.subject", second.lane());
        assertArrayEquals(new byte[] {7}, second.message().payload());
        await(second.ack());
        await(subscriber.close());
    }
}
