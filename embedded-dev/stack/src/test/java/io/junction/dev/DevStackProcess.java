package io.junction.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The dev stack as a child JVM, on ephemeral ports, so a test can {@code kill -9} it. */
final class DevStackProcess implements AutoCloseable {
    private static final Pattern GATEWAY_LINE = Pattern.compile("gateway\\s+(http://\\S+)");

    private final Process process;
    private final String url;

    private DevStackProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static DevStackProcess start(Path dataDir) throws IOException, InterruptedException {
        return start(dataDir, "artemis");
    }

    /** Starts {@code ./junction dev --backend <backend>} on ephemeral ports. */
    static DevStackProcess start(Path dataDir, String backend) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                DevStack.class.getName(), "--backend", backend, "--port", "0", "--broker-port", "0",
                "--data-dir", dataDir.toString()))
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(p, ready), "devstack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new DevStackProcess(p, ready.get(90, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the dev stack did not become ready", e);
        }
    }

    /** Copies the child's output to ours and completes {@code ready} with the gateway URL. */
    private static void pump(Process p, CompletableFuture<String> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("[devstack " + p.pid() + "] " + line);
                Matcher m = GATEWAY_LINE.matcher(line);
                if (m.find()) {
                    ready.complete(m.group(1));
                }
            }
        } catch (IOException e) {
            // the process died; the test sees that
        }
        ready.completeExceptionally(new IOException("the dev stack closed its output before it was ready"));
    }

    String url() {
        return url;
    }

    /** SIGKILL, as {@code kill -9 PID}: no shutdown hook runs. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the dev stack survived SIGKILL");
        }
    }

    /** SIGTERM, as Ctrl-C: the shutdown hook stops gateway and broker; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the dev stack did not stop on SIGTERM within 60 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
