package io.junction.bridge.rabbitmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.junction.embedded.EmbeddedRabbitMq;

/**
 * One embedded rabbitmq-server (ephemeral ports, temporary data dir) shared by the test classes that need
 * nothing special of it: a boot costs about 10 s. Started on first use, stopped when the test JVM exits.
 */
final class SharedBroker {
    private static EmbeddedRabbitMq broker;

    private SharedBroker() {
    }

    static synchronized EmbeddedRabbitMq broker() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("junction-rabbitmq-tests");
                broker = EmbeddedRabbitMq.start(dir, "127.0.0.1", 0, 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting rabbitmq-server", e);
            }
            EmbeddedRabbitMq started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteTree(started.dataDir());
            }, "shared-rabbitmq-stop"));
        }
        return broker;
    }

    /** Backend settings for the shared broker, with two shards (fewer quorum queues for the many test subscriptions). */
    static Map<String, Object> settings() {
        Map<String, Object> settings = new HashMap<>(broker().backendSettings());
        settings.put("shards", 2);
        return settings;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
