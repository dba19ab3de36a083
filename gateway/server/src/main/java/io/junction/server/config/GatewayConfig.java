package io.junction.server.config;

import io.junction.core.BackendRouter;
import io.junction.core.CoreConfig;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole gateway configuration, immutable and already validated by {@link ConfigLoader}.
 *
 * @param host           interface the HTTP server binds to
 * @param port           HTTP port; 0 picks a free one
 * @param defaultBackend backend instance for topics no route matches
 * @param backends       configured backend instances by name, in file order
 * @param routes         topic-name patterns to backend instances, first match wins
 * @param core           engine settings: data dir, subscription defaults, limits
 */
public record GatewayConfig(String host, int port, String defaultBackend, Map<String, BackendConfig> backends,
                            List<BackendRouter.Route> routes, CoreConfig core) {

    /**
     * One backend instance.
     *
     * @param type     broker type, matching a {@link io.junction.spi.BackendFactory#type()}
     * @param settings broker-specific settings, handed to the factory as parsed
     */
    public record BackendConfig(String type, Map<String, Object> settings) {
        public BackendConfig {
            Objects.requireNonNull(type, "type");
            settings = Map.copyOf(settings);
        }
    }

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(defaultBackend, "defaultBackend");
        Objects.requireNonNull(core, "core");
        backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        routes = List.copyOf(routes);
    }

    public GatewayConfig withPort(int newPort) {
        return new GatewayConfig(host, newPort, defaultBackend, backends, routes, core);
    }

    public GatewayConfig withDataDir(Path dataDir) {
        CoreConfig c = core;
        return new GatewayConfig(host, port, defaultBackend, backends, routes, new CoreConfig(dataDir,
                c.defaultAckDeadline(), c.maxAckDeadline(), c.maxInFlight(), c.prefetch(), c.maxWaitingPulls(),
                c.idleSubscriberTimeout(), c.limits(), c.dedupWindow()));
    }

    public Path dataDir() {
        return core.dataDir();
    }
}
