package io.junction.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.junction.server.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Topic and subscription CRUD over HTTP. */
class ApiResourcesTest {
    @TempDir
    static Path dataDir;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new TestGateway(dataDir);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void topicLifecycle() {
        HttpResponse<Buffer> created = gateway.json(HttpMethod.PUT, "/v1/topics/orders.eu", null);
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject topic = created.bodyAsJsonObject();
        assertEquals("orders.eu", topic.getString("name"));
        assertEquals("default", topic.getString("backend"));
        assertEquals("memory", topic.getString("backendType"));
        assertEquals("at-least-once", topic.getString("delivery"));
        assertEquals(new JsonArray().add("ordered-per-key").add("replay").add("native-delay").add("delivery-count").add("consumer-groups"),
                topic.getJsonArray("capabilities"));

        assertEquals(200, gateway.json(HttpMethod.PUT, "/v1/topics/orders.eu", new JsonObject()).statusCode());
        assertEquals(topic, gateway.get("/v1/topics/orders.eu").bodyAsJsonObject());
        assertTrue(gateway.get("/v1/topics").bodyAsJsonObject().getJsonArray("topics").contains(topic));

        assertEquals(204, gateway.json(HttpMethod.DELETE, "/v1/topics/orders.eu", null).statusCode());
        assertProblem(gateway.get("/v1/topics/orders.eu"), 404, "topic-not-found", "/v1/topics/orders.eu");
        assertProblem(gateway.json(HttpMethod.DELETE, "/v1/topics/orders.eu", null), 404, "topic-not-found",
                "/v1/topics/orders.eu");
    }

    @Test
    void anAtMostOnceTopicNeedsABackendThatOffersIt() {
        String path = "/v1/topics/ticks";
        JsonObject problem = assertProblem(gateway.json(HttpMethod.PUT, path, new JsonObject().put("delivery", "at-most-once")),
                422, "capability-unsupported", path);
        assertEquals("topic 'ticks' is on backend 'default' (memory), which has no at-most-once delivery",
                problem.getString("detail"));
        assertProblem(gateway.get(path), 404, "topic-not-found", path);
        assertProblem(gateway.json(HttpMethod.PUT, path, new JsonObject().put("delivery", "sometimes")), 400,
                "invalid-request", path);
    }

    @Test
    void subscriptionLifecycle() {
        String path = "/v1/subscriptions/billing";
        assertProblem(gateway.json(HttpMethod.PUT, path, new JsonObject().put("topic", "invoices")), 404,
                "topic-not-found", path);
        gateway.json(HttpMethod.PUT, "/v1/topics/invoices", null);
        gateway.json(HttpMethod.PUT, "/v1/topics/refunds", null);

        HttpResponse<Buffer> created = gateway.json(HttpMethod.PUT, path, new JsonObject().put("topic", "invoices"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(new JsonObject().put("name", "billing").put("topic", "invoices").put("ackDeadlineMs", 30000)
                .put("ordering", "key")
                .put("retry", new JsonObject().put("maxAttempts", 5).put("initialBackoffMs", 1000).put("multiplier", 2.0)
                        .put("maxBackoffMs", 60000).put("jitter", 0.2))
                .put("deadLetter", new JsonObject().put("enabled", true).put("onKeyPoisoned", "skip"))
                .put("maxInFlight", 1000), created.bodyAsJsonObject());

        HttpResponse<Buffer> updated = gateway.json(HttpMethod.PUT, path,
                new JsonObject().put("topic", "invoices").put("ackDeadlineMs", 5000));
        assertEquals(200, updated.statusCode());
        assertEquals(5000, updated.bodyAsJsonObject().getInteger("ackDeadlineMs"));

        assertProblem(gateway.json(HttpMethod.PUT, path, new JsonObject().put("topic", "refunds")), 409, "conflict", path);
        assertEquals(updated.bodyAsJsonObject(), gateway.get(path).bodyAsJsonObject());
        assertTrue(gateway.get("/v1/subscriptions").bodyAsJsonObject().getJsonArray("subscriptions")
                .contains(updated.bodyAsJsonObject()));

        assertEquals(204, gateway.json(HttpMethod.DELETE, path, null).statusCode());
        assertProblem(gateway.get(path), 404, "subscription-not-found", path);
    }
}
