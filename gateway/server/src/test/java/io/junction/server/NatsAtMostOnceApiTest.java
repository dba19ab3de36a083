package io.junction.server;

import io.junction.embedded.EmbeddedNats;
import io.junction.spi.BackendFactory;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static io.junction.server.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An at-most-once topic over HTTP, on a real nats-server found through the server's ServiceLoader. */
class NatsAtMostOnceApiTest {
    private static final String TOPIC = "/v1/topics/ticks";
    private static final String SUB = "/v1/subscriptions/screen";

    @TempDir
    static Path dataDir;
    static EmbeddedNats broker;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedNats.start(Files.createDirectories(dataDir.resolve("nats")), "127.0.0.1", 0);
        BackendFactory nats = ServiceLoader.load(BackendFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("nats")).findFirst()
                .orElseThrow(() -> new AssertionError("the nats bridge is not on the server's class path"));
        gateway = new TestGateway(Files.createDirectories(dataDir.resolve("gateway")),
                nats.create("default", Map.of("url", broker.clientUrl())));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        broker.close();
    }

    @Test
    void publishIsAcceptedPullsCarryNoAckIdAndAckDependentCallsAreRefused() {
        HttpResponse<Buffer> created = gateway.json(HttpMethod.PUT, TOPIC, new JsonObject().put("delivery", "at-most-once"));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        assertEquals(new JsonObject().put("name", "ticks").put("backend", "default").put("backendType", "nats")
                .put("delivery", "at-most-once").put("capabilities", new JsonArray().add("consumer-groups").add("at-most-once")),
                created.bodyAsJsonObject());
        assertEquals(200, gateway.json(HttpMethod.PUT, TOPIC, new JsonObject().put("delivery", "at-most-once")).statusCode());
        assertProblem(gateway.json(HttpMethod.PUT, TOPIC, new JsonObject().put("delivery", "at-least-once")), 409, "conflict", TOPIC);
        assertProblem(gateway.json(HttpMethod.PUT, TOPIC, null), 409, "conflict", TOPIC);

        assertEquals(201, gateway.json(HttpMethod.PUT, SUB, new JsonObject().put("topic", "ticks")).statusCode());
        assertEquals(new JsonArray(), pull(0).getJsonArray("messages"), "the first pull starts receiving");

        HttpResponse<Buffer> published = gateway.send(HttpMethod.POST, TOPIC + "/messages", MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "text/plain").add("Idempotency-Key", "tick-1"), Buffer.buffer("hello"));
        assertEquals(202, published.statusCode(), published.bodyAsString());
        assertEquals(new JsonObject().put("id", "tick-1").put("position", null).put("duplicate", false),
                published.bodyAsJsonObject());
        HttpResponse<Buffer> batch = gateway.json(HttpMethod.POST, TOPIC + "/messages/batch", new JsonObject()
                .put("messages", new JsonArray().add(new JsonObject().put("id", "tick-2").put("data", "again"))));
        assertEquals(202, batch.statusCode(), batch.bodyAsString());

        JsonArray messages = new JsonArray();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            messages.addAll(pull(500).getJsonArray("messages"));
            return messages.size() >= 2;
        });
        assertEquals(List.of("tick-1", "tick-2"), messages.stream().map(m -> ((JsonObject) m).getString("id")).toList());
        JsonObject first = messages.getJsonObject(0);
        assertEquals("hello", first.getString("data"));
        assertEquals(1, first.getInteger("attempt"));
        assertNull(first.getValue("ackId"));
        assertNull(first.getValue("deadline"));
        assertEquals(2, messages.stream().filter(m -> ((JsonObject) m).containsKey("ackId") && ((JsonObject) m).containsKey("deadline")).count(),
                "ackId and deadline are present, as null");

        String detail = "subscription 'screen' is on at-most-once topic 'ticks': messages are not acknowledged, redelivered or dead-lettered";
        JsonObject ackIds = new JsonObject().put("ackIds", new JsonArray().add("x"));
        assertEquals(detail, assertProblem(gateway.json(HttpMethod.POST, SUB + "/ack", ackIds), 422, "capability-unsupported",
                SUB + "/ack").getString("detail"));
        assertProblem(gateway.json(HttpMethod.POST, SUB + "/nack", ackIds), 422, "capability-unsupported", SUB + "/nack");
        assertProblem(gateway.json(HttpMethod.POST, SUB + "/extend", ackIds.copy().put("ackDeadlineMs", 1000)), 422,
                "capability-unsupported", SUB + "/extend");
        assertProblem(gateway.json(HttpMethod.POST, SUB + "/seek", new JsonObject().put("time", "2026-01-01T00:00:00Z")), 422,
                "capability-unsupported", SUB + "/seek");
        assertProblem(gateway.get(SUB + "/dead-letters"), 422, "capability-unsupported", SUB + "/dead-letters");
        assertProblem(gateway.json(HttpMethod.POST, SUB + "/dead-letters/redrive", null), 422, "capability-unsupported",
                SUB + "/dead-letters/redrive");
    }

    private static JsonObject pull(int waitMs) {
        HttpResponse<Buffer> r = gateway.json(HttpMethod.POST, SUB + "/pull", new JsonObject().put("waitMs", waitMs));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject();
    }
}
