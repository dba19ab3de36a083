package io.junction.server;

import io.junction.core.CoreConfig;
import io.junction.server.config.GatewayConfig;
import io.junction.spi.Backend;
import io.junction.tck.memory.InMemoryBackend;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A gateway on an ephemeral port over the in-memory backend, with small limits, and a client for it. */
public final class TestGateway implements AutoCloseable {
    public static final CoreConfig.Limits LIMITS = new CoreConfig.Limits(1024, 5, 4096, 100, Duration.ofSeconds(5));
    public static final int MAX_WAITING_PULLS = 2;

    private final Vertx vertx = Vertx.vertx();
    private final GatewayServer server;
    private final WebClient client;

    public TestGateway(Path dataDir) {
        this(dataDir, new InMemoryBackend());
    }

    public TestGateway(Path dataDir, Backend backend) {
        CoreConfig core = new CoreConfig(dataDir, Duration.ofSeconds(30), Duration.ofMinutes(10), 1000, 100,
                MAX_WAITING_PULLS, Duration.ofSeconds(60), LIMITS, Duration.ofMinutes(10));
        GatewayConfig config = new GatewayConfig("127.0.0.1", 0, "default",
                Map.of("default", new GatewayConfig.BackendConfig("memory", Map.of())), List.of(), core);
        server = await(GatewayServer.start(vertx, config, Map.of("default", backend)));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    }

    public GatewayServer server() {
        return server;
    }

    public HttpResponse<Buffer> json(HttpMethod method, String path, JsonObject body) {
        return send(method, path, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"),
                body == null ? null : body.toBuffer());
    }

    public HttpResponse<Buffer> get(String path) {
        return send(HttpMethod.GET, path, MultiMap.caseInsensitiveMultiMap(), null);
    }

    public HttpResponse<Buffer> send(HttpMethod method, String path, MultiMap headers, Buffer body) {
        var request = client.request(method, path).putHeaders(headers);
        return await(body == null ? request.send() : request.sendBuffer(body));
    }

    /** Sends without waiting, for concurrent requests. */
    public Future<HttpResponse<Buffer>> sendAsync(HttpMethod method, String path, JsonObject body) {
        return client.request(method, path).putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer());
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the operation failed: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
        // Chained the way launchers do it: stop()'s future must not need the event loops vertx.close() ends.
        await(server.stop().transform(x -> vertx.close()));
    }
}
