package io.junction.embedded;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's {@code nats-server} with JetStream, as a child process, for development and tests.
 *
 * <p>Everything lives under {@code <dataDir>/nats}: the generated {@code nats-server.conf}, the JetStream
 * store ({@code jetstream/}), the server's log {@code nats-server.log}, its pid file and its ports file.
 * The server listens on loopback: clients on {@code host:port} (4222 by default; port 0 lets the server
 * pick one), monitoring on a port the server picks (read from its ports file). It is ready when
 * {@code GET /healthz?js-enabled=true} answers 200.
 *
 * <p>Durability: JetStream file storage writes a message to its block file before it sends the PubAck, so
 * an acknowledged message survives {@code kill -9} of the server, the gateway or both; it reaches the disk
 * at the next sync. nats-server 2.9 syncs stream files every 2 minutes and cannot be configured otherwise;
 * from 2.10 on, this class sets {@code sync_interval: always} (a sync before every PubAck). So with
 * Debian 12's 2.9.10 a power loss or kernel crash can lose up to 2 minutes of acknowledged messages.
 * {@code max_payload} is 8 MB, so a gateway's 1 MiB payload limit plus headers fits.
 *
 * <p>The process cannot outlive this JVM (see {@link WatchedChild}); {@link #close()} stops it with
 * SIGTERM, letting it sync. The binary is {@code /usr/sbin/nats-server}, or {@code $JUNCTION_NATS_SERVER}.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class EmbeddedNats implements EmbeddedBroker {
    public static final int DEFAULT_PORT = 4222;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNats.class);
    private static final String DEFAULT_BINARY = "/usr/sbin/nats-server";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final Pattern CLIENT_URL = Pattern.compile("\"nats\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
    private static final Pattern MONITOR_URL = Pattern.compile("\"monitoring\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
    private static final long POLL_MS = 20;

    private final WatchedChild process;
    private final Path dataDir;
    private final String version;
    private final String clientUrl;
    private final String monitorUrl;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedNats(WatchedChild process, Path dataDir, String version, String clientUrl, String monitorUrl) {
        this.process = process;
        this.dataDir = dataDir;
        this.version = version;
        this.clientUrl = clientUrl;
        this.monitorUrl = monitorUrl;
    }

    /**
     * Starts a server with its data under {@code dataDir/nats}, clients on {@code host:port} (0: any free
     * port, see {@link #clientUrl()}). Returns once JetStream is ready.
     */
    public static EmbeddedNats start(Path dataDir, String host, int port) throws IOException, InterruptedException {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        long started = System.nanoTime();
        Path binary = binary();
        String version = version(binary);
        Path natsDir = dataDir.resolve("nats");
        Files.createDirectories(natsDir);
        Path config = natsDir.resolve("nats-server.conf");
        Files.writeString(config, config(natsDir, host, port, supportsSyncAlways(version)), StandardCharsets.UTF_8);
        deleteStalePortsFiles(natsDir, binary);
        Path log = natsDir.resolve("nats-server.log");
        WatchedChild process = WatchedChild.start(List.of(binary.toString(), "-c", config.toString()),
                natsDir.resolve("nats-server.pid"), log);
        try {
            String ports = awaitPortsFile(natsDir.resolve(binary.getFileName() + "_" + process.pid() + ".ports"), process, log);
            String clientUrl = find(CLIENT_URL, ports);
            String monitorUrl = find(MONITOR_URL, ports);
            awaitJetStream(monitorUrl, process, log);
            LOG.info("nats-server {} started on {} with data in {} ({} ms)", version, clientUrl, natsDir,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedNats(process, dataDir, version, clientUrl, monitorUrl);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.stop(STOP_GRACE);
            throw e;
        }
    }

    /** The client URL, e.g. {@code nats://127.0.0.1:4222}. */
    public String clientUrl() {
        return clientUrl;
    }

    /** The monitoring endpoint, e.g. {@code http://127.0.0.1:39217}. */
    public String monitorUrl() {
        return monitorUrl;
    }

    /** The client port (the chosen one when started with port 0). */
    public int port() {
        return URI.create(clientUrl).getPort();
    }

    /** The directory given to {@link #start}; the server's files are in its {@code nats} child. */
    public Path dataDir() {
        return dataDir;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    @Override
    public String backendType() {
        return "nats";
    }

    @Override
    public Map<String, Object> backendSettings() {
        return Map.of("url", clientUrl);
    }

    @Override
    public String describe() {
        return "NATS " + clientUrl + "   (JetStream, nats-server " + version + ", monitoring " + monitorUrl + ")";
    }

    /** Stops the server with SIGTERM (it syncs its files), SIGKILL if it takes over 30 s; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            process.stop(STOP_GRACE);
            LOG.info("nats-server on {} stopped", clientUrl);
        }
    }

    static String config(Path natsDir, String host, int port, boolean syncAlways) {
        return String.join("\n",
                "# Written by Junction (EmbeddedNats) at every start; edits are lost.",
                "listen: " + quoted(host + ":" + (port == 0 ? -1 : port)),
                "http: " + quoted(host + ":-1"),
                "max_payload: 8MB",
                "ports_file_dir: " + quoted(natsDir.toString()),
                "jetstream {",
                "  store_dir: " + quoted(natsDir.toString()),
                syncAlways ? "  sync_interval: always" : "  # sync_interval needs nats-server 2.10+: streams sync every 2 minutes",
                "}",
                "");
    }

    static boolean supportsSyncAlways(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 2 || (major == 2 && minor >= 10);
    }

    private static Path binary() throws IOException {
        String configured = System.getenv("JUNCTION_NATS_SERVER");
        Path binary = Path.of(configured == null || configured.isBlank() ? DEFAULT_BINARY : configured).toAbsolutePath();
        if (!Files.isExecutable(binary)) {
            throw new IOException("nats-server not found at " + binary + ": install it with 'apt-get install nats-server'"
                    + " (./junction dev --backend nats and ./junction test do) or set JUNCTION_NATS_SERVER");
        }
        return binary;
    }

    private static String version(Path binary) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readNBytes(4096), StandardCharsets.UTF_8).trim();
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(binary + " --version did not answer");
        }
        Matcher m = VERSION.matcher(out);
        if (!m.find()) {
            throw new IOException("cannot read the version of " + binary + " from '" + out + "'");
        }
        return m.group(1) + "." + m.group(2) + "." + m.group(3);
    }

    private static String awaitPortsFile(Path portsFile, WatchedChild process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portsFile)) {
                String text = Files.readString(portsFile, StandardCharsets.UTF_8);
                if (MONITOR_URL.matcher(text).find() && CLIENT_URL.matcher(text).find()) {
                    return text;
                }
            }
            checkAlive(process, log);
            Thread.sleep(POLL_MS); // the server writes the file once it listens; bounded by READY_TIMEOUT
        }
        throw new IOException("nats-server did not report its ports within " + READY_TIMEOUT.toSeconds() + " s; " + tail(log));
    }

    private static void awaitJetStream(String monitorUrl, WatchedChild process, Path log) throws IOException, InterruptedException {
        URI health = URI.create(monitorUrl + "/healthz?js-enabled=true");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (answersOk(health)) {
                return;
            }
            checkAlive(process, log);
            Thread.sleep(POLL_MS); // bounded by READY_TIMEOUT
        }
        throw new IOException("JetStream was not ready within " + READY_TIMEOUT.toSeconds() + " s; " + tail(log));
    }

    private static boolean answersOk(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void checkAlive(WatchedChild process, Path log) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("nats-server exited during start-up; " + tail(log));
        }
    }

    /** Ports files of servers killed earlier stay behind; the new server's is told apart by its pid. */
    private static void deleteStalePortsFiles(Path natsDir, Path binary) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(natsDir, binary.getFileName() + "_*.ports")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return m.group(1);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The last lines of the server's log, for error messages. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "see " + log;
        }
    }
}
