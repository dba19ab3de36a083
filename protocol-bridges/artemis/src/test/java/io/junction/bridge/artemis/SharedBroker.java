package io.junction.bridge.artemis;

import io.junction.embedded.EmbeddedArtemis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded Artemis (persistence on, ephemeral port, temporary data dir) shared by the test classes
 * that need nothing special of it; started on first use, stopped when the test JVM exits.
 */
final class SharedBroker {
    private static EmbeddedArtemis broker;

    private SharedBroker() {
    }

    static synchronized String url() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("junction-artemis-tests");
                broker = EmbeddedArtemis.start(dir, "127.0.0.1", 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("embedded Artemis did not start", e);
            }
            EmbeddedArtemis started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteTree(started.dataDir());
            }, "shared-artemis-stop"));
        }
        return broker.coreUrl();
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
