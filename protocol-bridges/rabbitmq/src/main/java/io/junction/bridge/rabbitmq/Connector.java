package io.junction.bridge.rabbitmq;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;

import io.junction.bridge.support.Threads;
import io.junction.spi.ErrorKind;

/**
 * One AMQP connection that comes back by itself. The client's automatic recovery is off: it would re-declare
 * on reconnection whatever this connection once declared (resurrecting subscriptions another gateway deleted)
 * and keep acknowledging on recovered channels with delivery tags the broker no longer knows. Instead, when
 * the connection is lost this class reconnects every {@code retryIntervalMs} on its own thread, and users
 * open fresh channels: while there is no connection, {@link #openChannel()} fails at once with RETRIABLE.
 *
 * <p>A connection the broker blocks (a memory or disk alarm) is reported by {@link #isBlocked()}, so that
 * publishers refuse at once instead of waiting for confirmations that cannot come.
 */
final class Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final String name;
    private final ConnectionFactory factory;
    private final ExecutorService dispatch;
    private final long retryIntervalMs;
    private final ScheduledThreadPoolExecutor reconnector;
    private volatile Connection connection;
    private volatile boolean blocked;
    private volatile boolean closed;

    /**
     * @param name     for logs, threads and the broker's connection list, e.g. {@code junction-default-publish}
     * @param dispatch runs the client's consumer callbacks (in order per channel)
     */
    Connector(String name, RabbitMqSettings settings, ExecutorService dispatch) {
        this.name = name;
        this.factory = settings.connectionFactory();
        this.factory.setThreadFactory(Threads.named(name + "-io"));
        this.dispatch = dispatch;
        this.retryIntervalMs = settings.retryIntervalMs();
        this.reconnector = new ScheduledThreadPoolExecutor(1, Threads.named(name + "-reconnect"));
        this.reconnector.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Connects now, blocking (bounded by the connection timeout); on failure keeps trying in the background. */
    void connect() throws Exception {
        try {
            open();
        } catch (Exception e) {
            scheduleReconnect();
            throw e;
        }
    }

    /** A new channel on the current connection; RETRIABLE while disconnected. */
    Channel openChannel() throws Exception {
        Connection c = connection;
        if (c == null || !c.isOpen()) {
            throw Errors.of(closed ? ErrorKind.CLOSED : ErrorKind.RETRIABLE, "not connected to RabbitMQ (" + name + ")");
        }
        Channel channel = c.createChannel();
        if (channel == null) { // the connection's channel_max is used up
            throw Errors.of(ErrorKind.OVERLOADED, "no free channel on the RabbitMQ connection " + name);
        }
        return channel;
    }

    boolean isConnected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    boolean isBlocked() {
        return blocked;
    }

    /** Closes the connection (its channels with it) and stops reconnecting. Idempotent. */
    void close() {
        closed = true;
        reconnector.shutdownNow();
        Connection c = connection;
        connection = null;
        if (c != null && c.isOpen()) {
            try {
                c.close(factory.getConnectionTimeout());
            } catch (Exception e) {
                LOG.debug("Closing {} failed", name, e);
            }
        }
    }

    private synchronized void open() throws Exception {
        if (closed || isConnected()) {
            return;
        }
        Connection c = factory.newConnection(dispatch, name);
        c.addBlockedListener(reason -> {
            blocked = true;
            LOG.warn("RabbitMQ blocks publishing on {}: {}", name, reason);
        }, () -> {
            blocked = false;
            LOG.info("RabbitMQ unblocked {}", name);
        });
        c.addShutdownListener(this::lost);
        blocked = false;
        connection = c;
    }

    private void lost(ShutdownSignalException cause) {
        if (closed || cause.isInitiatedByApplication()) {
            return;
        }
        LOG.warn("Connection {} to RabbitMQ lost ({}); reconnecting every {} ms", name, cause.getMessage(), retryIntervalMs);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        try {
            reconnector.schedule(this::reconnect, retryIntervalMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException afterClose) {
            // closed meanwhile
        }
    }

    private void reconnect() {
        if (closed || isConnected()) {
            return;
        }
        try {
            open();
            LOG.info("Connection {} to RabbitMQ re-established", name);
        } catch (Exception e) {
            LOG.debug("Reconnecting {} failed", name, e);
            scheduleReconnect();
        }
    }
}
