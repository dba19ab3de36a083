package io.junction.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedArtemisTest {
    static final String ADDRESS = "orders";
    static final String QUEUE = "orders-sub";

    @TempDir
    Path dataDir;

    @Test
    void keepsAnUnconsumedDurableMessageAcrossARestart() throws Exception {
        EmbeddedArtemis broker = EmbeddedArtemis.start(dataDir, "127.0.0.1", 0);
        try (CoreClient client = new CoreClient(broker.coreUrl())) {
            assertTrue(broker.port() > 0);
            assertEquals("tcp://127.0.0.1:" + broker.port(), broker.coreUrl());
            client.provision();
            client.send("first");
            client.send("second");
            assertEquals("first", client.receiveAndAck());
        } finally {
            broker.close();
        }
        broker.close(); // idempotent

        try (EmbeddedArtemis restarted = EmbeddedArtemis.start(dataDir, "127.0.0.1", 0);
             CoreClient client = new CoreClient(restarted.coreUrl())) {
            assertEquals("second", client.receiveAndAck());
            assertNull(client.receiveImmediate());
        }
    }

    /** A minimal core client: durable sends block until the broker confirmed them (Artemis' default). */
    static final class CoreClient implements AutoCloseable {
        final ServerLocator locator;
        final ClientSessionFactory factory;
        final ClientSession session;

        CoreClient(String url) throws Exception {
            locator = ActiveMQClient.createServerLocator(url);
            factory = locator.createSessionFactory();
            session = factory.createSession();
            session.start();
        }

        void provision() throws Exception {
            session.createAddress(SimpleString.of(ADDRESS), RoutingType.MULTICAST, false);
            session.createQueue(QueueConfiguration.of(QUEUE).setAddress(ADDRESS)
                    .setRoutingType(RoutingType.MULTICAST).setDurable(true));
        }

        void send(String body) throws Exception {
            try (ClientProducer producer = session.createProducer(ADDRESS)) {
                ClientMessage message = session.createMessage(true);
                message.getBodyBuffer().writeString(body);
                producer.send(message);
            }
        }

        String receiveAndAck() throws Exception {
            try (ClientConsumer consumer = session.createConsumer(QUEUE)) {
                ClientMessage message = consumer.receive(10_000);
                if (message == null) {
                    return null;
                }
                message.individualAcknowledge();
                return message.getBodyBuffer().readString();
            }
        }

        /** Asks the broker (one round trip) whether anything is left, without waiting for new messages. */
        String receiveImmediate() throws Exception {
            try (ClientConsumer consumer = session.createConsumer(QUEUE)) {
                ClientMessage message = consumer.receiveImmediate();
                return message == null ? null : message.getBodyBuffer().readString();
            }
        }

        @Override
        public void close() throws ActiveMQException {
            session.close();
            factory.close();
            locator.close();
        }
    }
}
