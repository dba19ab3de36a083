package io.junction.bridge.rabbitmq;

import static io.junction.bridge.rabbitmq.Broker.await;
import static io.junction.bridge.rabbitmq.Broker.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;

import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;

/** A plain amqp-client reads what the backend published, and what a plain publisher sent comes through. */
class NativeInteropTest {
    Backend backend;
    SubscriptionSpec sub;
    Connection nativeClient;

    @BeforeEach
    void start() throws Exception {
        backend = new RabbitMqBackendFactory().create("interop", SharedBroker.settings());
        await(backend.start());
        sub = new SubscriptionSpec(unique("sub"), unique("topic"));
        await(backend.ensureTopic(new TopicSpec(sub.topic())));
        await(backend.ensureSubscription(sub));
        nativeClient = Broker.nativeConnection(SharedBroker.broker());
    }

    @AfterEach
    void stop() throws Exception {
        nativeClient.close();
        await(backend.close());
    }

    @Test
    void aPlainConsumerBoundToTheTopicsExchangeReadsWhatTheBackendPublished() throws Exception {
        Channel channel = nativeClient.createChannel();
        String queue = channel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete
        channel.queueBind(queue, sub.topic(), "");

        byte[] payload = {0, 1, 2, (byte) 0xff};
        Instant publishTime = Instant.parse("2026-03-04T05:06:07.089123Z");
        Message sent = new Message("id-42", "customer-7", Map.of("x-trace", "abc"), "application/json", payload, publishTime);
        await(backend.publish(sub.topic(), sent));

        GetResponse got = Broker.waiting().until(() -> channel.basicGet(queue, true), Objects::nonNull);
        AMQP.BasicProperties p = got.getProps();
        assertArrayEquals(payload, got.getBody());
        assertEquals("customer-7", got.getEnvelope().getRoutingKey());
        assertEquals("id-42", p.getMessageId());
        assertEquals("application/json", p.getContentType());
        assertEquals(2, p.getDeliveryMode(), "persistent");
        assertEquals(publishTime.getEpochSecond(), p.getTimestamp().toInstant().getEpochSecond());
        Map<String, Object> headers = p.getHeaders();
        assertEquals("customer-7", headers.get(MessageCodec.KEY).toString());
        assertEquals(publishTime.toEpochMilli(), ((Number) headers.get(MessageCodec.PUBLISH_TIME)).longValue());
        assertEquals(123_000, ((Number) headers.get(MessageCodec.PUBLISH_NANOS)).intValue());
        assertEquals("abc", headers.get(MessageCodec.HEADER_PREFIX + "x-trace").toString());
    }

    @Test
    void aKeyLongerThanARoutingKeyTravelsWholeInItsHeader() throws Exception {
        Channel channel = nativeClient.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, sub.topic(), "");
        String longKey = "k".repeat(300);
        Message sent = Broker.message(longKey, "long");
        await(backend.publish(sub.topic(), sent));

        GetResponse got = Broker.waiting().until(() -> channel.basicGet(queue, true), Objects::nonNull);
        assertEquals(Names.routingKey(longKey, sent.id()), got.getEnvelope().getRoutingKey());
        assertTrue(got.getEnvelope().getRoutingKey().startsWith("sha256:"));
        assertEquals(longKey, got.getProps().getHeaders().get(MessageCodec.KEY).toString());

        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        assertEquals(longKey, sink.next().message().key());
        await(subscriber.close());
    }

    @Test
    void anUnkeyedMessageIsRoutedByItsIdAndReadBackWithoutAKey() throws Exception {
        Channel channel = nativeClient.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, sub.topic(), "");
        Message sent = Broker.message(null, "no key");
        await(backend.publish(sub.topic(), sent));

        GetResponse got = Broker.waiting().until(() -> channel.basicGet(queue, true), Objects::nonNull);
        assertEquals(sent.id(), got.getEnvelope().getRoutingKey(), "unkeyed messages spread over the shards by id");
        assertFalse(got.getProps().getHeaders().containsKey(MessageCodec.KEY));
        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        assertNull(sink.next().message().key(), "the routing key is not taken for a key");
        await(subscriber.close());
    }

    @Test
    void theBackendReadsWhatAPlainPublisherSent() throws Exception {
        Channel channel = nativeClient.createChannel();
        channel.confirmSelect();
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("text/plain; charset=utf-8")
                .deliveryMode(2)
                .headers(Map.of("traceId", "t-1", "retries", 3))
                .build();
        channel.basicPublish(sub.topic(), "group-1", true, props, "héllo".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(Broker.WAIT_SECONDS * 1000);

        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery d = sink.next();
        assertEquals("héllo", new String(d.message().payload(), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", d.message().contentType());
        assertEquals("group-1", d.message().key());
        assertEquals(Map.of("traceid", "t-1", "retries", "3"), d.message().headers());
        assertTrue(d.message().id().startsWith("amqp-"), d.message().id());
        assertEquals(1, d.attempt());

        await(d.nack(java.time.Duration.ZERO));
        Delivery again = sink.next();
        assertEquals(d.message().id(), again.message().id(), "a redelivery keeps the derived id");
        assertEquals(2, again.attempt());
        await(again.ack());
        await(subscriber.close());
    }
}
