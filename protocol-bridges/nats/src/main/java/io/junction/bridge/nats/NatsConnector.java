package io.junction.bridge.nats;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.Status;

/**
 * Opens the backend's one NATS connection. It reconnects for ever; while it is down nothing is buffered
 * (a publish or an ack fails at once as RETRIABLE instead of being sent minutes later, when its caller has
 * long been told "maybe"); a request nobody answers is an error (so a publish to a subject without a
 * stream fails at once instead of timing out). It logs through SLF4J, once per outage; expired pull
 * requests, routine in this bridge, are not logged.
 */
final class NatsConnector {
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

    private NatsConnector() {
    }

    /** Blocks until connected or failed: call it on the backend's own thread. */
    static Connection connect(String backendName, NatsSettings settings) throws IOException, InterruptedException {
        AtomicBoolean down = new AtomicBoolean();
        Options.Builder options = new Options.Builder()
                .servers(settings.urls().toArray(String[]::new))
                .connectionName("junction-" + backendName)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(settings.retryIntervalMs()))
                .connectionTimeout(Duration.ofMillis(settings.callTimeoutMs()))
                .reconnectBufferSize(0)
                .reportNoResponders()
                .errorListener(new Slf4jErrors(backendName, down))
                .connectionListener(new Slf4jEvents(backendName, down));
        if (settings.user() != null) {
            options.userInfo(settings.user(), settings.password() == null ? "" : settings.password());
        }
        if (settings.token() != null) {
            options.token(settings.token().toCharArray());
        }
        return Nats.connect(options.build());
    }

    private record Slf4jErrors(String backend, AtomicBoolean down) implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("NATS backend {}: server error: {}", backend, error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            if (down.get()) { // each failed reconnect attempt
                LOG.debug("NATS backend {}: {}", backend, exp.toString());
            } else {
                LOG.warn("NATS backend {}: {}", backend, exp.toString());
            }
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("NATS backend {}: slow consumer, messages dropped by the client", backend);
        }

        @Override
        public void pullStatusError(Connection conn, JetStreamSubscription sub, Status status) {
            LOG.warn("NATS backend {}: pull from {} failed: {}", backend, sub.getConsumerName(), status);
        }
    }

    private record Slf4jEvents(String backend, AtomicBoolean down) implements ConnectionListener {
        /** Required by the interface; jnats calls the four-argument form. */
        @Deprecated
        @Override
        public void connectionEvent(Connection conn, Events type) {
            connectionEvent(conn, type, null, null);
        }

        @Override
        public void connectionEvent(Connection conn, Events type, Long time, String uriDetails) {
            switch (type) {
                case DISCONNECTED -> {
                    if (down.compareAndSet(false, true)) {
                        LOG.warn("NATS backend {}: disconnected; reconnecting every {}", backend, conn.getOptions().getReconnectWait());
                    }
                }
                case RECONNECTED -> {
                    down.set(false);
                    LOG.info("NATS backend {}: reconnected to {}", backend, conn.getConnectedUrl());
                }
                default -> LOG.debug("NATS backend {}: {}", backend, type.getEvent());
            }
        }
    }
}
