package io.junction.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A one-node Apache Kafka cluster running in this JVM (KRaft: broker and controller in one server), for
 * development and tests.
 *
 * <p>The log directory (topic data and the cluster metadata log) is {@code <dataDir>/kafka}; it is formatted
 * on first start with a random cluster id and reused afterwards, so topics, messages and committed offsets
 * survive a restart, also after a {@code kill -9}: Kafka writes every accepted batch to its log files before
 * it answers {@code acks=all}, and a killed process leaves those writes to the operating system. It does not
 * fsync each write (Kafka's own default; replication is its durability in production), so a power cut of
 * the machine can lose the last seconds. The client listener speaks PLAINTEXT on {@code host:port} (9092 by
 * default); the controller listener takes a free port of its own on each start.
 *
 * <p>Broker settings chosen for a gateway in front of it:
 * <ul>
 *   <li>{@code auto.create.topics.enable=false}: the gateway provisions topics itself, so a typo in a native
 *   client fails instead of creating a topic;</li>
 *   <li>replication factors and {@code min.insync.replicas} 1 (one node), internal topics with one partition
 *   (quick to create);</li>
 *   <li>{@code group.initial.rebalance.delay.ms=0}: the first member of a consumer group gets its partitions
 *   at once instead of after 3 s;</li>
 *   <li>{@code broker.session.timeout.ms} 3 s (heartbeats every 0.5 s): a restart after a {@code kill -9} waits
 *   for the dead incarnation's session to end before the broker may register again;</li>
 *   <li>{@code offsets.retention.minutes} about ten years: Junction subscriptions are consumer groups, and
 *   Kafka's default forgets the offsets of a group idle for 7 days;</li>
 *   <li>{@code message.max.bytes} 4 MiB: room for the gateway's largest payload plus its headers.</li>
 * </ul>
 * Message retention is Kafka's default (7 days). Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedKafka implements EmbeddedBroker {
    public static final int DEFAULT_PORT = 9092;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    private static final int OFFSETS_RETENTION_MINUTES = 10 * 365 * 24 * 60;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final String host;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, Path dataDir, String host, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a broker whose data lives under {@code dataDir/kafka}, listening on {@code host:port}. Port 0
     * picks a free ephemeral port (see {@link #port()}). Returns once the broker serves clients.
     */
    public static EmbeddedKafka start(Path dataDir, String host, int port) throws Exception {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        Path logDir = dataDir.resolve("kafka");
        Files.createDirectories(logDir);
        // A probed free port can be taken by someone else before the broker binds it: probe again.
        int attempts = port == 0 ? BIND_ATTEMPTS : 1;
        Exception last = null;
        for (int i = 0; i < attempts; i++) {
            int actualPort = port == 0 ? freePort(host) : port;
            try {
                return startOnce(dataDir, logDir, host, actualPort, freePort(host));
            } catch (Exception e) {
                last = e;
                LOG.debug("Kafka did not start on {}:{}", host, actualPort, e);
            }
        }
        throw last;
    }

    /** Starts a broker on {@link #DEFAULT_HOST}:{@link #DEFAULT_PORT}. */
    public static EmbeddedKafka start(Path dataDir) throws Exception {
        return start(dataDir, DEFAULT_HOST, DEFAULT_PORT);
    }

    private static EmbeddedKafka startOnce(Path dataDir, Path logDir, String host, int port, int controllerPort)
            throws Exception {
        long started = System.nanoTime();
        KafkaConfig config = new KafkaConfig(properties(logDir, host, port, controllerPort), false);
        formatIfNew(config, logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            awaitServing(host + ":" + port);
        } catch (Exception | Error e) {
            stopQuietly(server);
            throw e;
        }
        LOG.info("Kafka started on {}:{} with data in {} ({} ms)", host, port, logDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new EmbeddedKafka(server, dataDir, host, port);
    }

    private static Properties properties(Path logDir, String host, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("offsets.retention.minutes", Integer.toString(OFFSETS_RETENTION_MINUTES));
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // after a kill -9 the controller refuses the restarted broker until the old registration's session
        // times out (9 s by default): broker and controller share this process, so a short one is safe
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "3000");
        p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        return p;
    }

    /** Writes the cluster's bootstrap metadata into a new log dir; a formatted one is left as it is. */
    private static void formatIfNew(KafkaConfig config, Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(config.logDirs())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .run();
    }

    /** Waits until the broker is registered and unfenced: a cluster description lists it. */
    private static void awaitServing(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("Kafka on " + bootstrap + " did not become ready within " + READY_TIMEOUT, notYet);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Kafka on " + bootstrap + " did not become ready within " + READY_TIMEOUT);
                }
                Thread.sleep(50); // a bounded readiness poll: nothing to wait on but the broker's answer
            }
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("stopping a Kafka server that did not start failed", e);
        }
    }

    /** The client port (the chosen one when started with port 0). */
    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The directory given to {@link #start(Path, String, int)}; the broker's files are in its {@code kafka} child. */
    public Path dataDir() {
        return dataDir;
    }

    /** The {@code bootstrap.servers} value for any Kafka client, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    @Override
    public String backendType() {
        return "kafka";
    }

    @Override
    public Map<String, Object> backendSettings() {
        return Map.of("bootstrapServers", bootstrapServers());
    }

    @Override
    public String describe() {
        return "Kafka " + bootstrapServers() + "   (bootstrap servers; KRaft, PLAINTEXT)";
    }

    /** Stops the broker (a controlled shutdown); idempotent. Clients see their connections drop. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdown();
            server.awaitShutdown();
            LOG.info("Kafka on {} stopped", bootstrapServers());
        }
    }
}
