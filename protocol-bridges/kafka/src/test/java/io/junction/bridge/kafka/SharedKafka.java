package io.junction.bridge.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import io.junction.embedded.EmbeddedKafka;

/**
 * One in-process KRaft broker (ephemeral port, temporary data dir) shared by the test classes of this JVM
 * that need nothing special of it; started on first use (about 3 s), stopped when the test JVM exits.
 */
final class SharedKafka {
    /** Small enough that a consumer killed by a test leaves its group quickly; the broker's minimum. */
    static final int SESSION_TIMEOUT_MS = 6_000;
    private static EmbeddedKafka broker;

    private SharedKafka() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("junction-kafka-tests");
                broker = EmbeddedKafka.start(dir, "127.0.0.1", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("embedded Kafka did not start", e);
            }
            EmbeddedKafka started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteTree(started.dataDir());
            }, "shared-kafka-stop"));
        }
        return broker.bootstrapServers();
    }

    /** Backend settings for the shared broker, plus {@code extra}. */
    static Map<String, Object> settings(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrapServers", bootstrapServers());
        settings.put("sessionTimeoutMs", SESSION_TIMEOUT_MS);
        settings.putAll(extra);
        return settings;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
