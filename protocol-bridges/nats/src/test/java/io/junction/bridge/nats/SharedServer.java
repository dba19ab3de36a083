package io.junction.bridge.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.junction.embedded.EmbeddedNats;

/**
 * One nats-server (JetStream, ephemeral port, temporary data dir) shared by the test classes that need
 * nothing special of it; started on first use, stopped when the test JVM exits.
 */
final class SharedServer {
    private static EmbeddedNats server;

    private SharedServer() {
    }

    static synchronized String url() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("junction-nats-tests");
                server = EmbeddedNats.start(dir, "127.0.0.1", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting nats-server", e);
            }
            EmbeddedNats started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteTree(started.dataDir());
            }, "shared-nats-stop"));
        }
        return server.clientUrl();
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
