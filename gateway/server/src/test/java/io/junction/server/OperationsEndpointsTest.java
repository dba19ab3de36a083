package io.junction.server;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static io.junction.server.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, metrics, the served contract, and the answer to an unexpected failure. */
class OperationsEndpointsTest {
    @TempDir
    static Path dataDir;
    static SwitchableBackend backend = new SwitchableBackend();
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new TestGateway(dataDir, backend);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void liveAndReady() {
        JsonObject up = new JsonObject().put("status", "UP");
        assertEquals(up, gateway.get("/health/live").bodyAsJsonObject());
        assertEquals(up, gateway.get("/health/ready").bodyAsJsonObject());
        backend.healthy = false;
        try {
            HttpResponse<Buffer> notReady = gateway.get("/health/ready");
            JsonObject problem = assertProblem(notReady, 503, "backend-unavailable", "/health/ready");
            assertEquals("5", notReady.getHeader("Retry-After"));
            assertTrue(problem.getString("detail").contains("default"), problem::encode);
            assertEquals(200, gateway.get("/health/live").statusCode());
        } finally {
            backend.healthy = true;
        }
    }

    @Test
    void unexpectedFailureIsAGeneric500WithCorrelationId() {
        gateway.json(HttpMethod.PUT, "/v1/topics/buggy", null);
        gateway.json(HttpMethod.PUT, "/v1/subscriptions/buggy", new JsonObject().put("topic", "buggy"));
        backend.subscribeThrows = true;
        try {
            HttpResponse<Buffer> response = gateway.send(HttpMethod.POST, "/v1/subscriptions/buggy/pull",
                    MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "bug-1"), null);
            JsonObject problem = assertProblem(response, 500, "internal", "/v1/subscriptions/buggy/pull");
            assertEquals("bug-1", problem.getString("correlationId"));
            assertTrue(problem.getString("detail").contains("bug-1"), problem::encode);
            assertFalse(response.bodyAsString().contains("secret"), problem::encode);
        } finally {
            backend.subscribeThrows = false;
        }
    }

    @Test
    void metricsExposeJvmAndGatewayMeters() {
        gateway.json(HttpMethod.PUT, "/v1/topics/metered", null);
        gateway.send(HttpMethod.POST, "/v1/topics/metered/messages", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("x"));
        HttpResponse<Buffer> metrics = gateway.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.getHeader("Content-Type").startsWith("text/plain"));
        String text = metrics.bodyAsString();
        for (String meter : new String[]{"jvm_memory_used_bytes", "jvm_gc_", "process_cpu_usage", "jvm_threads_live_threads",
                "disk_free_bytes", "junction_messages_published_total{topic=\"metered\"} 1.0"}) {
            assertTrue(text.contains(meter), meter);
        }
    }

    @Test
    void servesTheContractVerbatim() throws IOException {
        HttpResponse<Buffer> served = gateway.get("/openapi.yaml");
        assertEquals(200, served.statusCode());
        assertEquals("application/yaml", served.getHeader("Content-Type"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi.yaml")) {
            assertArrayEquals(in.readAllBytes(), served.body().getBytes());
        }
    }
}
