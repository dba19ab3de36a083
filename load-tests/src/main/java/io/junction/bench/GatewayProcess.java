package io.junction.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway under test: the dev stack ({@code io.junction.dev.DevStack}: embedded broker + gateway) as a
 * child JVM on this JVM's class path, on ephemeral loopback ports, so that its CPU and memory can be read
 * apart from the load generator's. Its output goes to a log file. Brokers that run in the JVM (Artemis,
 * Kafka) are part of this process; those that run as child processes (NATS, RabbitMQ) are not.
 */
final class GatewayProcess implements AutoCloseable {
    /** The gateway's heap, as the dev stack's own tests give it. */
    static final String HEAP = "-Xmx512m";
    private static final Pattern GATEWAY_LINE = Pattern.compile("^\\s*gateway\\s+(http://\\S+)");
    private static final Pattern BROKER_LINE = Pattern.compile("^\\s*broker\\s+(.+)$");
    private static final long START_TIMEOUT_SECONDS = 180;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Thread stopOnExit;
    private final String url;
    private final String brokerDescription;

    private GatewayProcess(Process process, Thread stopOnExit, String url, String brokerDescription) {
        this.process = process;
        this.stopOnExit = stopOnExit;
        this.url = url;
        this.brokerDescription = brokerDescription;
    }

    /**
     * Starts the dev stack and waits until it printed its gateway URL and broker line.
     *
     * @param jfrFile where to write a JFR recording of the whole run (profile settings), or null for none
     */
    static GatewayProcess start(String backend, Path dataDir, Path logFile, Path jfrFile) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP));
        if (jfrFile != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.junction.dev.DevStack",
                "--backend", backend, "--port", "0", "--broker-port", "0", "--data-dir", dataDir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // if this JVM is stopped (Ctrl-C), the stack stops too, and with it the brokers it started
        Thread stopOnExit = new Thread(p::destroy, "gateway-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        CompletableFuture<String> gateway = new CompletableFuture<>();
        CompletableFuture<String> broker = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, logFile, gateway, broker), "gateway-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new GatewayProcess(p, stopOnExit, gateway.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    broker.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            p.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new IOException("the dev stack (" + backend + ") did not become ready; see " + logFile, e);
        }
    }

    /** Copies the child's output to the log file and picks the gateway URL and broker line from it. */
    private static void pump(Process p, Path logFile, CompletableFuture<String> gateway, CompletableFuture<String> broker) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.println(line);
                Matcher g = GATEWAY_LINE.matcher(line);
                if (g.find()) {
                    gateway.complete(g.group(1));
                }
                Matcher b = BROKER_LINE.matcher(line);
                if (b.find()) {
                    broker.complete(b.group(1).trim());
                }
            }
        } catch (IOException e) {
            // the child died or the log cannot be written: the waits below report it
        }
        IOException ended = new IOException("the dev stack closed its output before it was ready");
        gateway.completeExceptionally(ended);
        broker.completeExceptionally(ended);
    }

    long pid() {
        return process.pid();
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return url;
    }

    /** The dev stack's line about its broker, e.g. {@code Artemis tcp://127.0.0.1:40123 (CORE, AMQP 1.0, OpenWire)}. */
    String brokerDescription() {
        return brokerDescription;
    }

    /** SIGTERM (the stack stops gateway and broker cleanly, and a JFR recording is written), SIGKILL if that hangs. */
    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
