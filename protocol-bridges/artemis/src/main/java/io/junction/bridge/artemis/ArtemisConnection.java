package io.junction.bridge.artemis;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

/**
 * One server locator and one session factory (one TCP connection). The Artemis client reconnects on its
 * own and moves the sessions over ({@code reconnectAttempts}); when it gives up, the factory is closed and
 * the next {@link #createSession()} builds a new one.
 *
 * <p>A backend has two: one {@link #forPublishing publishing}, one {@link #forConsuming consuming}. Only
 * with a confirmation window does the broker report asynchronous sends back; but a confirmation window
 * also makes the broker keep a dropped connection's sessions, and the messages delivered to them, for
 * the connection TTL (60 s by default) in case the client reattaches. A crashed gateway must release its
 * unsettled deliveries at once, so consumers use a connection without one.
 *
 * <p>Sessions are not thread-safe; see the classes using them for who calls what.
 */
final class ArtemisConnection implements AutoCloseable {
    /** Bytes of commands the broker may leave unconfirmed; any positive value enables asynchronous send confirmations. */
    private static final int CONFIRMATION_WINDOW_BYTES = 1024 * 1024;
    private static final int NO_CONFIRMATION_WINDOW = -1;

    private final ArtemisSettings settings;
    private final ServerLocator locator;
    private ClientSessionFactory factory;

    static ArtemisConnection forPublishing(ArtemisSettings settings) throws Exception {
        return new ArtemisConnection(settings, CONFIRMATION_WINDOW_BYTES);
    }

    static ArtemisConnection forConsuming(ArtemisSettings settings) throws Exception {
        return new ArtemisConnection(settings, NO_CONFIRMATION_WINDOW);
    }

    private ArtemisConnection(ArtemisSettings settings, int confirmationWindowBytes) throws Exception {
        this.settings = settings;
        this.locator = ActiveMQClient.createServerLocator(settings.url())
                .setCallTimeout(settings.callTimeoutMs())
                .setCallFailoverTimeout(settings.callTimeoutMs())
                .setInitialConnectAttempts(1)
                .setReconnectAttempts(settings.reconnectAttempts())
                .setRetryInterval(settings.retryIntervalMs())
                .setConfirmationWindowSize(confirmationWindowBytes)
                // the defaults, relied upon: sends without a handler (nack copies) and acks wait for the broker
                .setBlockOnDurableSend(true)
                .setBlockOnAcknowledge(true);
    }

    /** A new non-transacted session with individual acknowledgement; the caller owns and closes it. */
    ClientSession createSession() throws Exception {
        return factory().createSession(settings.user(), settings.password(), false, true, true, false,
                locator.getAckBatchSize());
    }

    /** Opens the TCP connection unless it is open. */
    void connect() throws Exception {
        factory();
    }

    /** True when the TCP connection is up now (false while the client is reconnecting). */
    synchronized boolean isConnected() {
        if (factory == null || factory.isClosed()) {
            return false;
        }
        RemotingConnection connection = factory.getConnection();
        return connection != null && !connection.isDestroyed();
    }

    private synchronized ClientSessionFactory factory() throws Exception {
        if (factory == null || factory.isClosed()) {
            factory = locator.createSessionFactory();
        }
        return factory;
    }

    /** Closes every session of this connection and the connection itself. */
    @Override
    public synchronized void close() {
        if (factory != null) {
            factory.close();
        }
        locator.close();
    }
}
