package io.junction.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The embedded brokers by backend name, each started on its usual port or a given one (0: any free). */
public final class EmbeddedBrokers {
    /** Starts one broker with its data under a data dir, on a port (null: the broker's usual port). */
    @FunctionalInterface
    public interface Starter {
        EmbeddedBroker start(Path dataDir, Integer port) throws Exception;
    }

    private static final Map<String, Starter> STARTERS = new LinkedHashMap<>();

    static {
        STARTERS.put("artemis", (dir, port) -> EmbeddedArtemis.start(dir, EmbeddedArtemis.DEFAULT_HOST,
                port == null ? EmbeddedArtemis.DEFAULT_PORT : port));
        STARTERS.put("kafka", (dir, port) -> EmbeddedKafka.start(dir, EmbeddedKafka.DEFAULT_HOST,
                port == null ? EmbeddedKafka.DEFAULT_PORT : port));
        STARTERS.put("nats", (dir, port) -> EmbeddedNats.start(dir, EmbeddedNats.DEFAULT_HOST,
                port == null ? EmbeddedNats.DEFAULT_PORT : port));
        STARTERS.put("rabbitmq", (dir, port) -> EmbeddedRabbitMq.start(dir, EmbeddedRabbitMq.DEFAULT_HOST,
                port == null ? EmbeddedRabbitMq.DEFAULT_PORT : port));
    }

    private EmbeddedBrokers() {
    }

    public static Set<String> names() {
        return STARTERS.keySet();
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static EmbeddedBroker start(String name, Path dataDir, Integer port) throws Exception {
        Starter starter = STARTERS.get(name);
        if (starter == null) {
            throw new IllegalArgumentException("no embedded broker '" + name + "'; known: " + names());
        }
        return starter.start(dataDir, port);
    }
}
