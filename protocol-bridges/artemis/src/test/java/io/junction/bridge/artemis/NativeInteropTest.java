package io.junction.bridge.artemis;

import static io.junction.bridge.artemis.Broker.await;
import static io.junction.bridge.artemis.Broker.unique;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.junction.embedded.EmbeddedArtemis;
import io.junction.spi.Backend;
import io.junction.spi.Delivery;
import io.junction.spi.Message;
import io.junction.spi.SubscribeOptions;
import io.junction.spi.Subscriber;
import io.junction.spi.SubscriptionSpec;
import io.junction.spi.TopicSpec;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/** What the backend writes is readable by a plain JMS client, and what a JMS client writes comes through. */
class NativeInteropTest {
    @TempDir
    Path dataDir;
    EmbeddedArtemis broker;
    Backend backend;
    SubscriptionSpec sub;

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedArtemis.start(dataDir, "127.0.0.1", 0);
        backend = new ArtemisBackendFactory().create("interop", Map.of("url", broker.coreUrl()));
        await(backend.start());
        sub = new SubscriptionSpec(unique("sub"), unique("topic"));
        await(backend.ensureTopic(new TopicSpec(sub.topic())));
        await(backend.ensureSubscription(sub));
    }

    @AfterEach
    void stop() throws Exception {
        await(backend.close());
        broker.close();
    }

    @Test
    void aJmsConsumerReadsWhatTheBackendPublished() throws Exception {
        byte[] payload = {0, 1, 2, (byte) 0xff};
        Instant publishTime = Instant.parse("2026-03-04T05:06:07.089Z");
        Message sent = new Message("id-42", "customer-7", Map.of("x-trace", "abc"), "application/json", payload,
                publishTime);
        await(backend.publish(sub.topic(), sent));

        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.coreUrl());
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            // the fully qualified queue name reads one subscription's queue
            MessageConsumer consumer = session.createConsumer(session.createQueue(sub.topic() + "::" + sub.name()));
            jakarta.jms.Message received = consumer.receive(Broker.WAIT_SECONDS * 1000);

            BytesMessage bytes = assertInstanceOf(BytesMessage.class, received);
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            assertArrayEquals(payload, body);
            assertEquals("customer-7", received.getStringProperty("JMSXGroupID"));
            assertEquals("customer-7", received.getStringProperty(MessageCodec.KEY));
            assertEquals("id-42", received.getStringProperty(MessageCodec.ID));
            assertEquals("id-42", received.getStringProperty("_AMQ_DUPL_ID"));
            assertEquals("application/json", received.getStringProperty(MessageCodec.CONTENT_TYPE));
            assertEquals("abc", received.getStringProperty(MessageCodec.HEADER_PREFIX + "x-trace"));
            assertEquals(publishTime.toEpochMilli(), received.getLongProperty(MessageCodec.PUBLISH_TIME));
            assertEquals(publishTime.toEpochMilli(), received.getJMSTimestamp());
            assertEquals(jakarta.jms.DeliveryMode.PERSISTENT, received.getJMSDeliveryMode());
            received.acknowledge();
        }
    }

    @Test
    void theBackendReadsWhatAJmsProducerSent() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.coreUrl());
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(sub.topic()));
            TextMessage text = session.createTextMessage("héllo");
            text.setStringProperty("JMSXGroupID", "group-1");
            text.setStringProperty("traceId", "t-1");
            text.setIntProperty("retries", 3);
            producer.send(text);
        }

        Broker.Sink sink = new Broker.Sink();
        Subscriber subscriber = backend.subscribe(sub, new SubscribeOptions(4), sink);
        Delivery d = sink.next();
        assertEquals("héllo", new String(d.message().payload(), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", d.message().contentType());
        assertEquals("group-1", d.message().key());
        assertEquals(Map.of("traceid", "t-1", "retries", "3"), d.message().headers());
        assertTrue(d.message().id().startsWith("ID:"), d.message().id());
        assertEquals(1, d.attempt());
        await(d.ack());
        await(subscriber.close());
    }
}
