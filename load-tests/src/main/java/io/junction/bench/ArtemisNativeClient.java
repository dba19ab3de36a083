package io.junction.bench;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;
import org.apache.activemq.artemis.api.core.client.ServerLocator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Artemis core client, used as the gateway's bridge uses it: one session with a confirmation window,
 * durable BYTES messages sent asynchronously to the topic's address, each confirmed by the broker after its
 * journal sync. No duplicate id and no properties: a plain native publish.
 */
final class ArtemisNativeClient implements NativeClient {
    private static final Pattern CORE_URL = Pattern.compile("tcp://\\S+");
    /** Any positive value makes the broker confirm asynchronous sends; the bridge uses 1 MiB too. */
    private static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;
    private final ClientProducer producer;

    private ArtemisNativeClient(ServerLocator locator, ClientSessionFactory factory, ClientSession session,
                                ClientProducer producer) {
        this.locator = locator;
        this.factory = factory;
        this.session = session;
        this.producer = producer;
    }

    /** @param brokerDescription the dev stack's broker line, holding the core URL {@code tcp://host:port} */
    static ArtemisNativeClient connect(String brokerDescription) throws Exception {
        Matcher url = CORE_URL.matcher(brokerDescription);
        if (!url.find()) {
            throw new IllegalArgumentException("no tcp:// URL in the broker description: " + brokerDescription);
        }
        ServerLocator locator = ActiveMQClient.createServerLocator(url.group())
                .setConfirmationWindowSize(CONFIRMATION_WINDOW_BYTES)
                .setBlockOnDurableSend(true);
        try {
            ClientSessionFactory factory = locator.createSessionFactory();
            ClientSession session = factory.createSession(false, true, true);
            return new ArtemisNativeClient(locator, factory, session, session.createProducer());
        } catch (Exception e) {
            locator.close();
            throw e;
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, byte[] payload) {
        ClientMessage message = session.createMessage(Message.BYTES_TYPE, true);
        message.getBodyBuffer().writeBytes(payload);
        Confirmation confirmation = new Confirmation();
        try {
            // with a handler and a confirmation window the send does not block for the broker's answer
            producer.send(SimpleString.of(topic), message, confirmation);
        } catch (Exception e) {
            confirmation.completeExceptionally(e);
        }
        return confirmation;
    }

    @Override
    public void close() {
        factory.close();
        locator.close();
    }

    /** Completes when the broker confirms the send, on the client's own thread. */
    private static final class Confirmation extends CompletableFuture<Void> implements SendAcknowledgementHandler {
        @Override
        public void sendAcknowledged(Message message) {
            complete(null);
        }

        @Override
        public void sendFailed(Message message, Exception e) {
            completeExceptionally(e);
        }
    }
}
