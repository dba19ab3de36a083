package io.junction.embedded;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's {@code rabbitmq-server} as a child process, for development and tests.
 *
 * <p>Everything lives under {@code <dataDir>/rabbitmq}: the generated {@code rabbitmq.conf},
 * {@code advanced.config} and {@code enabled_plugins}, the node's database, quorum-queue logs and message
 * stores ({@code mnesia/}), its Erlang cookie ({@code home/}), its pid file, its node name ({@code nodename},
 * chosen once per data dir: the database belongs to that name) and the server's output
 * ({@code rabbitmq-server.log}). It listens on loopback only: AMQP 0-9-1 on {@code host:port} (5672 by
 * default), the management HTTP API on {@code managementPort} (15672 with the default AMQP port, otherwise
 * a free one) and Erlang distribution on a free port. Plugins: {@code rabbitmq_management} and
 * {@code rabbitmq_sharding} (the RabbitMQ backend's {@code x-modulus-hash} exchange type; inert without a
 * sharding policy). {@code consumer_timeout} is off: the gateway core may hold a delivery unacknowledged
 * through long retry backoffs, and the broker's default (30 minutes) would close the consuming channel
 * under it. The default user {@code guest}/{@code guest} may connect from loopback.
 *
 * <p>The broker is started through {@code rabbitmq-server} with {@code RABBITMQ_ALLOW_INPUT} set, so that
 * the script execs the Erlang VM instead of waiting on it in a shell (whose death would orphan the VM); the
 * VM's input is switched off again with {@code -noinput}. The VM is then the watched child (see
 * {@link WatchedChild}): it cannot outlive this JVM, and SIGTERM stops it cleanly (about 5 s). Its
 * environment is built from scratch ({@code env -i}), so {@code /etc/rabbitmq} and the caller's
 * {@code RABBITMQ_*} variables do not leak in.
 *
 * <p>epmd, Erlang's port mapper, is started by the first Erlang node on the machine (bound to loopback when
 * this class starts it) and, as with any Erlang node, stays running for the next ones; it holds no data.
 * Two embedded brokers never clash in it: their node names differ.
 *
 * <p>Durability: quorum queues confirm a publish after writing it to their fsynced log, so a confirmed
 * message survives {@code kill -9} of the broker, the gateway or both. Ready is when the management API
 * reports the AMQP listener up (first boot about 10 s, later ones about 6 s). The scripts are in
 * {@code /usr/lib/rabbitmq/bin}, or {@code $JUNCTION_RABBITMQ_HOME/bin}. Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedRabbitMq implements EmbeddedBroker {
    public static final int DEFAULT_PORT = 5672;
    public static final int DEFAULT_MANAGEMENT_PORT = 15672;
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The default user, allowed from loopback only (RabbitMQ's own rule). */
    public static final String USER = "guest";
    public static final String PASSWORD = "guest";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRabbitMq.class);
    private static final String DEFAULT_HOME = "/usr/lib/rabbitmq";
    private static final String PLUGINS = "[rabbitmq_management,rabbitmq_sharding].";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration STALE_KILL_WAIT = Duration.ofSeconds(10);
    private static final Pattern VERSION = Pattern.compile("\"rabbitmq_version\"\\s*:\\s*\"([^\"]+)\"");
    private static final long POLL_MS = 100;

    private final WatchedChild process;
    private final Path dataDir;
    private final String host;
    private final int port;
    private final int managementPort;
    private final String version;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedRabbitMq(WatchedChild process, Path dataDir, String host, int port, int managementPort, String version) {
        this.process = process;
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
        this.managementPort = managementPort;
        this.version = version;
    }

    /**
     * Starts a broker with its data under {@code dataDir/rabbitmq}, AMQP on {@code host:port} and the
     * management API on {@code host:managementPort}; a port 0 picks a free one. Returns once it is ready.
     */
    public static EmbeddedRabbitMq start(Path dataDir, String host, int port, int managementPort)
            throws IOException, InterruptedException {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        checkPort("port", port);
        checkPort("managementPort", managementPort);
        long started = System.nanoTime();
        Path scripts = scripts();
        Path dir = Files.createDirectories(dataDir.toAbsolutePath().resolve("rabbitmq"));
        Files.createDirectories(dir.resolve("home"));
        int amqpPort = port == 0 ? freePort(host) : port;
        int httpPort = managementPort == 0 ? freePort(host) : managementPort;
        int distPort = freePort(host);
        Files.writeString(dir.resolve("rabbitmq.conf"), config(host, amqpPort, httpPort), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("advanced.config"), "[{rabbit, [{consumer_timeout, undefined}]}].\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("enabled_plugins"), PLUGINS + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "# Written by Junction: keeps /etc/rabbitmq/rabbitmq-env.conf out\n",
                StandardCharsets.UTF_8);
        killStale(dir);
        Path log = dir.resolve("rabbitmq-server.log");
        WatchedChild process = WatchedChild.start(command(scripts, dir, nodeName(dir), amqpPort, distPort),
                dir.resolve("watchdog.pid"), log);
        try {
            String version = awaitReady(host, amqpPort, httpPort, process, log);
            LOG.info("rabbitmq-server {} started on amqp://{}:{} with data in {} ({} ms)", version, host, amqpPort, dir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedRabbitMq(process, dataDir, host, amqpPort, httpPort, version);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.stop(STOP_GRACE);
            throw e;
        }
    }

    /** Starts a broker on {@code host:port}, with the management API on 15672 when {@code port} is 5672, else on a free port. */
    public static EmbeddedRabbitMq start(Path dataDir, String host, int port) throws IOException, InterruptedException {
        return start(dataDir, host, port, port == DEFAULT_PORT ? DEFAULT_MANAGEMENT_PORT : 0);
    }

    /** The AMQP port (the chosen one when started with port 0). */
    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public String host() {
        return host;
    }

    /** The directory given to {@link #start}; the broker's files are in its {@code rabbitmq} child. */
    public Path dataDir() {
        return dataDir;
    }

    /** The Erlang VM's process id. */
    public long pid() {
        return process.pid();
    }

    /** AMQP URI with the default user and virtual host, e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F}. */
    public String amqpUri() {
        return "amqp://" + USER + ":" + PASSWORD + "@" + host + ":" + port + "/%2F";
    }

    /** The management API, e.g. {@code http://127.0.0.1:15672}. */
    public String managementUrl() {
        return "http://" + host + ":" + managementPort;
    }

    @Override
    public String backendType() {
        return "rabbitmq";
    }

    @Override
    public Map<String, Object> backendSettings() {
        return Map.of("uri", amqpUri(), "managementUrl", managementUrl());
    }

    @Override
    public String describe() {
        return "RabbitMQ amqp://" + host + ":" + port + "   (AMQP 0-9-1, rabbitmq-server " + version + ", management "
                + managementUrl() + ", user guest/guest)";
    }

    /** Stops the broker with SIGTERM (a clean shutdown), SIGKILL if it takes over 30 s; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            process.stop(STOP_GRACE);
            LOG.info("rabbitmq-server on amqp://{}:{} stopped", host, port);
        }
    }

    static String config(String host, int port, int managementPort) {
        return String.join("\n",
                "# Written by Junction (EmbeddedRabbitMq) at every start; edits are lost.",
                "listeners.tcp.1 = " + host + ":" + port,
                "management.tcp.ip = " + host,
                "management.tcp.port = " + managementPort,
                "log.console.level = warning",
                "");
    }

    private static List<String> command(Path scripts, Path dir, String nodeName, int port, int distPort) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG=C.UTF-8",
                "HOME=" + dir.resolve("home"),
                "RABBITMQ_NODENAME=" + nodeName,
                "RABBITMQ_NODE_PORT=" + port,
                "RABBITMQ_DIST_PORT=" + distPort,
                "RABBITMQ_MNESIA_BASE=" + dir.resolve("mnesia"),
                "RABBITMQ_LOG_BASE=" + dir.resolve("log"),
                "RABBITMQ_LOGS=-",
                "RABBITMQ_CONFIG_FILE=" + dir.resolve("rabbitmq.conf"),
                "RABBITMQ_ADVANCED_CONFIG_FILE=" + dir.resolve("advanced.config"),
                "RABBITMQ_ENABLED_PLUGINS_FILE=" + dir.resolve("enabled_plugins"),
                "RABBITMQ_CONF_ENV_FILE=" + dir.resolve("rabbitmq-env.conf"),
                "RABBITMQ_PID_FILE=" + dir.resolve("rabbitmq.pid"),
                "ERL_CRASH_DUMP=" + dir.resolve("erl_crash.dump"),
                "ERL_EPMD_ADDRESS=127.0.0.1",
                // exec the VM (the watched child) rather than wait on it in a shell; keep its input off
                "RABBITMQ_ALLOW_INPUT=true",
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-noinput -kernel inet_dist_use_interface {127,0,0,1}"));
        command.add(scripts.resolve("rabbitmq-server").toString());
        return command;
    }

    /** The node name this data dir's database belongs to, chosen at its first start. */
    private static String nodeName(Path dir) throws IOException {
        Path file = dir.resolve("nodename");
        try {
            String name = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (NoSuchFileException first) {
            // chosen below
        }
        byte[] random = new byte[5];
        ThreadLocalRandom.current().nextBytes(random);
        String name = "junction-" + HexFormat.of().formatHex(random) + "@localhost";
        Files.writeString(file, name + "\n", StandardCharsets.US_ASCII);
        return name;
    }

    /**
     * An Erlang VM of an earlier run on this data dir (its pid file names it, its command line names this
     * data dir) still holds the node name, the ports and the database: kill it first.
     */
    private static void killStale(Path dir) throws IOException, InterruptedException {
        Path pidFile = dir.resolve("rabbitmq.pid");
        Optional<ProcessHandle> stale = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> c.endsWith("/beam.smp")).orElse(false))
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(dir.resolve("home").toString()))
                        .orElse(false));
        if (stale.isPresent()) {
            LOG.warn("killing rabbitmq-server (pid {}) left running on {} by an earlier run", stale.get().pid(), dir);
            stale.get().destroyForcibly();
            if (!stale.get().onExit().completeOnTimeout(null, STALE_KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(p -> p != null).join()) {
                throw new IOException("rabbitmq-server pid " + stale.get().pid() + " from an earlier run does not stop");
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Waits until the management API reports the AMQP listener up; returns the broker's version. */
    private static String awaitReady(String host, int port, int managementPort, WatchedChild process, Path log)
            throws IOException, InterruptedException {
        String base = "http://" + host + ":" + managementPort + "/api";
        URI listener = URI.create(base + "/health/checks/port-listener/" + port);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(listener).isPresent()) {
                String overview = get(URI.create(base + "/overview")).orElse("");
                Matcher m = VERSION.matcher(overview);
                return m.find() ? m.group(1) : "(version unknown)";
            }
            if (!process.isAlive()) {
                throw new IOException("rabbitmq-server exited during start-up; " + tail(log));
            }
            Thread.sleep(POLL_MS); // boot takes seconds; bounded by READY_TIMEOUT
        }
        throw new IOException("rabbitmq-server was not ready within " + READY_TIMEOUT.toSeconds() + " s; " + tail(log));
    }

    /** The body of a 200 answer, empty for anything else (including no answer yet). */
    private static Optional<String> get(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            c.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            try {
                if (c.getResponseCode() != 200) {
                    return Optional.empty();
                }
                try (var in = c.getInputStream()) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return Optional.empty();
        }
    }

    private static Path scripts() throws IOException {
        String configured = System.getenv("JUNCTION_RABBITMQ_HOME");
        Path home = Path.of(configured == null || configured.isBlank() ? DEFAULT_HOME : configured).toAbsolutePath();
        Path scripts = home.resolve("bin");
        if (!Files.isExecutable(scripts.resolve("rabbitmq-server"))) {
            throw new IOException("rabbitmq-server not found in " + scripts + ": install it with 'apt-get install"
                    + " rabbitmq-server' (./junction dev --backend rabbitmq and ./junction test do) or set JUNCTION_RABBITMQ_HOME");
        }
        return scripts;
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0..65535: " + port);
        }
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    /** The last lines of the server's output, for error messages. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
        } catch (IOException e) {
            return "see " + log;
        }
    }
}
