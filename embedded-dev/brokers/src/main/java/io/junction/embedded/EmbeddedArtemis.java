package io.junction.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ActiveMQ Artemis running in this JVM, for development and tests.
 *
 * <p>Durable: persistence on, NIO journal synced on every commit and every non-transactional durable
 * send/ack (Artemis' defaults, set explicitly here), so a send the client saw confirmed survives a
 * {@code kill -9} of this JVM. The journal, bindings, paging and large-message directories live under
 * {@code <dataDir>/artemis}. One acceptor speaks CORE, AMQP and OPENWIRE; security is off.
 *
 * <p>Address settings for {@code #}:
 * <ul>
 *   <li>auto-create of addresses and queues is off: the gateway provisions every topic and
 *   subscription explicitly, so a publish to a missing topic is refused by the broker itself
 *   (exact even across gateway instances) and a typo in a native client fails loudly instead of
 *   creating a multicast address that silently discards. Temporary queues (JMS temporary
 *   destinations, management replies) still work: Artemis creates their address regardless.</li>
 *   <li>max-delivery-attempts is unlimited: retries and dead-lettering belong to the gateway core;
 *   Artemis' default (10, then drop when no dead-letter address is set) would silently lose a message
 *   whose consumers crashed ten times.</li>
 *   <li>full addresses page to disk instead of blocking or failing producers.</li>
 *   <li>dead-letter and expiry addresses {@code DLQ} and {@code ExpiryQueue}, as in the stock broker.xml:
 *   an expired message (a native producer may set a time to live) is kept instead of dropped, and the
 *   broker does not warn about their absence for every queue.</li>
 * </ul>
 * {@code persist-delivery-count-before-delivery} (a broker-wide setting, not an address setting) stays
 * off: it costs one synced journal write per delivery, and its only gain is counting deliveries that
 * were in flight when the <em>broker</em> crashed. A consumer that crashes or disconnects already has
 * its delivery counts kept and journalled when the broker cancels its deliveries.
 *
 * <p>Duplicate detection: Artemis keeps the last {@code id-cache-size} (20,000) {@code _AMQ_DUPL_ID}s
 * per address, persisted, so dedup survives a broker restart. Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedArtemis implements EmbeddedBroker {
    public static final int DEFAULT_PORT = 61616;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedArtemis.class);
    /** Where Artemis moves expired messages and, in principle, dead letters (as the stock broker.xml does). */
    static final String DEAD_LETTERS = "DLQ";
    static final String EXPIRED = "ExpiryQueue";
    private static final int BIND_ATTEMPTS = 5;
    private static final long ACTIVATION_TIMEOUT_SECONDS = 30;

    private final EmbeddedActiveMQ broker;
    private final Path dataDir;
    private final String host;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedArtemis(EmbeddedActiveMQ broker, Path dataDir, String host, int port) {
        this.broker = broker;
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a broker whose data lives under {@code dataDir/artemis}, listening on {@code host:port}.
     * Port 0 picks a free ephemeral port (see {@link #port()}).
     */
    public static EmbeddedArtemis start(Path dataDir, String host, int port) throws Exception {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        Path artemisDir = dataDir.resolve("artemis");
        Files.createDirectories(artemisDir);
        // A probed free port can be taken by someone else before the broker binds it: probe again.
        int attempts = port == 0 ? BIND_ATTEMPTS : 1;
        Exception last = null;
        for (int i = 0; i < attempts; i++) {
            int actualPort = port == 0 ? freePort(host) : port;
            try {
                return startOnce(dataDir, artemisDir, host, actualPort);
            } catch (Exception e) {
                last = e;
                LOG.debug("Artemis did not start on {}:{}", host, actualPort, e);
            }
        }
        throw last;
    }

    /** Starts a broker on {@link #DEFAULT_HOST}:{@link #DEFAULT_PORT}. */
    public static EmbeddedArtemis start(Path dataDir) throws Exception {
        return start(dataDir, DEFAULT_HOST, DEFAULT_PORT);
    }

    private static EmbeddedArtemis startOnce(Path dataDir, Path artemisDir, String host, int port) throws Exception {
        long started = System.nanoTime();
        // security is off, so the default (JAAS) security manager is never consulted
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(configuration(artemisDir, host, port));
        broker.createActiveMQServer();
        ActiveMQServer server = broker.getActiveMQServer();
        // Activation errors (e.g. the acceptor cannot bind) are only logged by start(): catch them here.
        AtomicReference<Exception> activationFailure = new AtomicReference<>();
        server.registerActivationFailureListener(activationFailure::set);
        broker.start();
        boolean active = server.waitForActivation(ACTIVATION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (activationFailure.get() != null || !active) {
            broker.stop();
            throw new IOException("Artemis failed to activate on " + host + ":" + port, activationFailure.get());
        }
        LOG.info("Artemis started on tcp://{}:{} with data in {} ({} ms)", host, port, artemisDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new EmbeddedArtemis(broker, dataDir, host, port);
    }

    private static Configuration configuration(Path dir, String host, int port) throws Exception {
        AddressSettings everyAddress = new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED))
                .setAutoCreateAddresses(false)
                .setAutoCreateQueues(false)
                .setMaxDeliveryAttempts(-1)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE);
        return new ConfigurationImpl()
                .setName("junction-embedded")
                .setPersistenceEnabled(true)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setNodeManagerLockDirectory(dir.toString())
                .setJournalSyncNonTransactional(true)
                .setJournalSyncTransactional(true)
                .setJournalDatasync(true)
                .setPersistIDCache(true)
                .setPersistDeliveryCountBeforeDelivery(false)
                .setSecurityEnabled(false)
                // no MBeans: nothing to see for a dev broker, and two brokers in one JVM would collide
                .setJMXManagementEnabled(false)
                .addAddressSetting("#", everyAddress)
                .addAddressConfiguration(anycastQueue(DEAD_LETTERS))
                .addAddressConfiguration(anycastQueue(EXPIRED))
                .addAcceptorConfiguration("junction",
                        "tcp://" + host + ":" + port + "?protocols=CORE,AMQP,OPENWIRE");
    }

    private static CoreAddressConfiguration anycastQueue(String name) {
        return new CoreAddressConfiguration().setName(name).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name).setRoutingType(RoutingType.ANYCAST));
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    /** The port the broker listens on (the chosen one when started with port 0). */
    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The directory given to {@link #start(Path, String, int)}; the broker's files are in its {@code artemis} child. */
    public Path dataDir() {
        return dataDir;
    }

    /** URL for the Artemis core client, e.g. {@code tcp://127.0.0.1:61616}. */
    public String coreUrl() {
        return "tcp://" + host + ":" + port;
    }

    @Override
    public String backendType() {
        return "artemis";
    }

    @Override
    public java.util.Map<String, Object> backendSettings() {
        return java.util.Map.of("url", coreUrl());
    }

    @Override
    public String describe() {
        return "Artemis " + coreUrl() + "   (CORE, AMQP 1.0, OpenWire)";
    }

    /** Stops the broker; idempotent. Clients see their connection drop. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                broker.stop();
            } catch (Exception e) {
                throw new IllegalStateException("Artemis on " + coreUrl() + " did not stop cleanly", e);
            }
            LOG.info("Artemis on {} stopped", coreUrl());
        }
    }
}
