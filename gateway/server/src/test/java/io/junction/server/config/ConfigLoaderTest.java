package io.junction.server.config;

import io.junction.core.BackendRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(Set.of("artemis", "memory"));

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("junction.yaml"), text);
    }

    @Test
    void withoutAFileRunsOnTheEmbeddedArtemisDefault() {
        GatewayConfig config = loader.load(null, Map.of());
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals(Path.of("./.junction/data"), config.dataDir());
        assertEquals("default", config.defaultBackend());
        assertEquals(Map.of("default", new GatewayConfig.BackendConfig("artemis", Map.of("url", "tcp://127.0.0.1:61616"))),
                config.backends());
        assertEquals(List.of(), config.routes());
        assertEquals(1024 * 1024, config.core().limits().maxPayloadBytes());
        assertEquals(Duration.ofSeconds(30), config.core().defaultAckDeadline());
        assertEquals(Duration.ofMinutes(10), config.core().dedupWindow());
    }

    @Test
    void readsEveryKey() throws IOException {
        GatewayConfig config = loader.load(yaml("""
                server: {host: 0.0.0.0, port: 9090}
                dataDir: /var/lib/junction
                defaultBackend: main
                backends:
                  main: {type: artemis, settings: {url: "tcp://broker:61616", user: app}}
                  scratch: {type: memory}
                routes: [{pattern: "tmp.*", backend: scratch}]
                subscriptions: {defaultAckDeadlineMs: 10000, maxAckDeadlineMs: 60000, maxInFlight: 50, prefetch: 20, maxWaitingPulls: 7, idleTimeoutMs: 1234}
                limits: {maxPayloadBytes: 2048, maxBatchMessages: 10, maxBatchBytes: 8192, maxPullMessages: 20, maxPullWaitMs: 1000}
                idempotency: {windowMs: 60000}
                """), Map.of());
        assertEquals("0.0.0.0", config.host());
        assertEquals(9090, config.port());
        assertEquals(Path.of("/var/lib/junction"), config.dataDir());
        assertEquals("main", config.defaultBackend());
        assertEquals(Map.of("url", "tcp://broker:61616", "user", "app"), config.backends().get("main").settings());
        assertEquals("memory", config.backends().get("scratch").type());
        assertEquals(List.of(new BackendRouter.Route("tmp.*", "scratch")), config.routes());
        var core = config.core();
        assertEquals(Duration.ofSeconds(10), core.defaultAckDeadline());
        assertEquals(Duration.ofMinutes(1), core.maxAckDeadline());
        assertEquals(50, core.maxInFlight());
        assertEquals(20, core.prefetch());
        assertEquals(7, core.maxWaitingPulls());
        assertEquals(Duration.ofMillis(1234), core.idleSubscriberTimeout());
        assertEquals(new io.junction.core.CoreConfig.Limits(2048, 10, 8192, 20, Duration.ofSeconds(1)), core.limits());
        assertEquals(Duration.ofMinutes(1), core.dedupWindow());
        assertTrue(core.validate().isEmpty());
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        GatewayConfig config = loader.load(yaml("server: {port: 9090}\nlimits: {maxPayloadBytes: 10}\n"), Map.of(
                "JUNCTION_SERVER_PORT", "7070",
                "JUNCTION_SERVER_HOST", "::1",
                "JUNCTION_DATA_DIR", "/data",
                "JUNCTION_LIMITS_MAX_PAYLOAD_BYTES", "4096",
                "JUNCTION_SUBSCRIPTIONS_MAX_IN_FLIGHT", "12",
                "JUNCTION_IDEMPOTENCY_WINDOW_MS", "5000",
                "PATH", "/usr/bin"));
        assertEquals(7070, config.port());
        assertEquals("::1", config.host());
        assertEquals(Path.of("/data"), config.dataDir());
        assertEquals(4096, config.core().limits().maxPayloadBytes());
        assertEquals(12, config.core().maxInFlight());
        assertEquals(Duration.ofSeconds(5), config.core().dedupWindow());
    }

    @Test
    void reportsEveryErrorAtOnce() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(yaml("""
                server: {port: 70000, hots: x}
                defaultBackend: missing
                backends:
                  a: {type: kafka}
                  b: {settings: {}}
                routes: [{pattern: "x.*", backend: nowhere}]
                subscriptions: {maxInFlight: 0, defaultAckDeadlineMs: 5000, maxAckDeadlineMs: 1000}
                limits: {maxPayloadBytes: lots}
                idempotency: {windowMs: 0}
                extra: true
                """), Map.of("JUNCTION_LIMITS_MAX_FOO", "1")));
        List<String> errors = e.errors();
        List<String> expectedFragments = List.of(
                "server.port: must be a whole number between 0 and 65535",
                "server.hots: unknown key",
                "defaultBackend: names backend 'missing'",
                "backends.a.type: unknown backend type 'kafka'; known types: [artemis, memory]",
                "backends.b.type: is required",
                "routes[0].backend: names backend 'nowhere'",
                "subscriptions.maxInFlight: must be a whole number between 1",
                "subscriptions.defaultAckDeadlineMs: must not exceed maxAckDeadlineMs",
                "limits.maxPayloadBytes: must be a whole number",
                "idempotency.windowMs: must be a whole number between 1",
                "limits.maxFoo: unknown key (from JUNCTION_LIMITS_MAX_FOO)",
                "extra: unknown key");
        for (String fragment : expectedFragments) {
            assertTrue(errors.stream().anyMatch(err -> err.contains(fragment)), () -> fragment + " not in " + errors);
        }
        assertEquals(expectedFragments.size(), errors.size(), errors::toString);
        assertTrue(e.getMessage().contains("extra: unknown key"));
    }

    @Test
    void rejectsAFileThatIsNotAMapping() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(yaml("- just\n- a list\n"), Map.of()));
        assertTrue(e.errors().get(0).contains("the top level must be a mapping"), e::getMessage);
        ConfigException missing = assertThrows(ConfigException.class, () -> loader.load(dir.resolve("absent.yaml"), Map.of()));
        assertTrue(missing.errors().get(0).contains("cannot be read"), missing::getMessage);
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(yaml("dataDir: a\ndataDir: b\n"), Map.of()));
        assertTrue(e.getMessage().contains("dataDir"), e::getMessage);
    }
}
