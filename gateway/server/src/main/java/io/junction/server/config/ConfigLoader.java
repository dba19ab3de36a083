package io.junction.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.junction.core.BackendRouter;
import io.junction.core.CoreConfig;
import io.junction.core.Names;
import io.junction.server.config.GatewayConfig.BackendConfig;
import io.junction.server.internal.backend.BackendFactories;
import io.junction.server.internal.config.ConfigSection;
import io.junction.server.internal.config.EnvOverrides;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the gateway configuration: one YAML file (optional) plus environment overrides (see
 * {@link EnvOverrides}), into a validated {@link GatewayConfig}. Every error is collected and reported
 * together in one {@link ConfigException}; unknown keys are errors. Without a file, or without a
 * {@code backends} section, the gateway runs on one {@code artemis} backend named {@code default} at
 * {@code tcp://127.0.0.1:61616}.
 */
public final class ConfigLoader {
    public static final String DEFAULT_DATA_DIR = "./.junction/data";
    private static final String DEFAULT_BACKEND = "default";
    private static final Map<String, BackendConfig> EMBEDDED_BACKENDS =
            Map.of(DEFAULT_BACKEND, new BackendConfig("artemis", Map.of("url", "tcp://127.0.0.1:61616")));
    private static final Pattern BACKEND_NAME = Pattern.compile(Names.RULE);

    private final Set<String> knownTypes;

    /** @param knownTypes backend types that may be configured */
    public ConfigLoader(Set<String> knownTypes) {
        this.knownTypes = Set.copyOf(knownTypes);
    }

    /** A loader accepting the backend types found on the class path. */
    public static ConfigLoader withDiscoveredBackends() {
        return new ConfigLoader(BackendFactories.discover().types());
    }

    /**
     * @param file the YAML file, or null for the embedded defaults
     * @param env  environment variables, normally {@link System#getenv()}
     * @throws ConfigException listing every problem
     */
    public GatewayConfig load(Path file, Map<String, String> env) {
        List<String> errors = new ArrayList<>();
        ObjectNode root = file == null ? JsonNodeFactory.instance.objectNode() : read(file, errors);
        Map<String, String> origins = new HashMap<>();
        EnvOverrides.apply(root, env, origins);
        GatewayConfig config = bind(new ConfigSection("", root, errors, origins));
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }

    private static ObjectNode read(Path file, List<String> errors) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            JsonNode tree = yaml.readTree(file.toFile());
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (tree instanceof ObjectNode o) {
                return o;
            }
            errors.add(file + ": the top level must be a mapping");
        } catch (IOException e) {
            errors.add(file + ": cannot be read: " + e.getMessage());
        }
        return JsonNodeFactory.instance.objectNode();
    }

    private GatewayConfig bind(ConfigSection root) {
        ConfigSection server = root.section("server");
        String host = server.string("host", "127.0.0.1");
        int port = (int) server.number("port", 8080, 0, 65535);
        server.rejectUnknownKeys();

        Path dataDir = Path.of(root.string("dataDir", DEFAULT_DATA_DIR));
        String defaultBackend = root.string("defaultBackend", DEFAULT_BACKEND);
        Map<String, BackendConfig> backends = root.has("backends") ? backends(root.section("backends")) : EMBEDDED_BACKENDS;
        if (!backends.containsKey(defaultBackend)) {
            root.error("defaultBackend", "names backend '" + defaultBackend + "' which is not configured; configured: "
                    + backends.keySet());
        }
        List<BackendRouter.Route> routes = routes(root, backends);
        CoreConfig core = core(root, dataDir);
        root.rejectUnknownKeys();
        return new GatewayConfig(host, port, defaultBackend, backends, routes, core);
    }

    private Map<String, BackendConfig> backends(ConfigSection section) {
        Map<String, BackendConfig> backends = new LinkedHashMap<>();
        section.sections().forEach((name, backend) -> {
            if (!BACKEND_NAME.matcher(name).matches()) {
                section.error(name, "backend names must match " + Names.RULE);
            }
            String type = backend.string("type", null);
            if (type == null) {
                backend.error("type", "is required; known types: " + new TreeSet<>(knownTypes));
            } else if (!knownTypes.contains(type)) {
                backend.error("type", "unknown backend type '" + type + "'; known types: " + new TreeSet<>(knownTypes));
            }
            Map<String, Object> settings = backend.map("settings");
            backend.rejectUnknownKeys();
            backends.put(name, new BackendConfig(type == null ? "" : type, settings));
        });
        if (backends.isEmpty()) {
            section.error("", "at least one backend is required");
        }
        return backends;
    }

    private static List<BackendRouter.Route> routes(ConfigSection root, Map<String, BackendConfig> backends) {
        List<BackendRouter.Route> routes = new ArrayList<>();
        for (ConfigSection route : root.list("routes")) {
            String pattern = route.string("pattern", null);
            String backend = route.string("backend", null);
            if (pattern == null) {
                route.error("pattern", "is required");
            }
            if (backend == null) {
                route.error("backend", "is required");
            } else if (!backends.containsKey(backend)) {
                route.error("backend", "names backend '" + backend + "' which is not configured; configured: " + backends.keySet());
            }
            route.rejectUnknownKeys();
            if (pattern != null && backend != null) {
                routes.add(new BackendRouter.Route(pattern, backend));
            }
        }
        return routes;
    }

    private static CoreConfig core(ConfigSection root, Path dataDir) {
        CoreConfig d = CoreConfig.defaults(dataDir);
        ConfigSection subs = root.section("subscriptions");
        long defaultAckDeadlineMs = subs.number("defaultAckDeadlineMs", d.defaultAckDeadline().toMillis(), 1, Long.MAX_VALUE);
        long maxAckDeadlineMs = subs.number("maxAckDeadlineMs", d.maxAckDeadline().toMillis(), 1, Long.MAX_VALUE);
        if (defaultAckDeadlineMs > maxAckDeadlineMs) {
            subs.error("defaultAckDeadlineMs", "must not exceed maxAckDeadlineMs (" + maxAckDeadlineMs + ")");
        }
        int maxInFlight = subs.integer("maxInFlight", d.maxInFlight(), 1);
        int prefetch = subs.integer("prefetch", d.prefetch(), 1);
        int maxWaitingPulls = subs.integer("maxWaitingPulls", d.maxWaitingPulls(), 1);
        long idleTimeoutMs = subs.number("idleTimeoutMs", d.idleSubscriberTimeout().toMillis(), 1, Long.MAX_VALUE);
        subs.rejectUnknownKeys();

        CoreConfig.Limits l = d.limits();
        ConfigSection limits = root.section("limits");
        CoreConfig.Limits boundLimits = new CoreConfig.Limits(
                limits.integer("maxPayloadBytes", l.maxPayloadBytes(), 1),
                limits.integer("maxBatchMessages", l.maxBatchMessages(), 1),
                limits.integer("maxBatchBytes", l.maxBatchBytes(), 1),
                limits.integer("maxPullMessages", l.maxPullMessages(), 1),
                Duration.ofMillis(limits.number("maxPullWaitMs", l.maxPullWait().toMillis(), 0, Long.MAX_VALUE)));
        limits.rejectUnknownKeys();

        ConfigSection idempotency = root.section("idempotency");
        long windowMs = idempotency.number("windowMs", d.dedupWindow().toMillis(), 1, Long.MAX_VALUE);
        idempotency.rejectUnknownKeys();

        return new CoreConfig(dataDir, Duration.ofMillis(defaultAckDeadlineMs), Duration.ofMillis(maxAckDeadlineMs),
                maxInFlight, prefetch, maxWaitingPulls, Duration.ofMillis(idleTimeoutMs), boundLimits,
                Duration.ofMillis(windowMs));
    }
}
