package io.junction.server;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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
import java.util.ArrayList;
import java.util.List;

import static io.junction.server.ProblemAssertions.assertProblem;
import static io.junction.server.TestGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every client error answers a problem document with its status and stable type. */
class ApiErrorsTest {
    @TempDir
    static Path dataDir;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new TestGateway(dataDir);
        gateway.json(HttpMethod.PUT, "/v1/topics/errors", null);
        gateway.json(HttpMethod.PUT, "/v1/subscriptions/errors", new JsonObject().put("topic", "errors"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<Buffer> raw(HttpMethod method, String path, String contentType, String body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        return gateway.send(method, path, headers, body == null ? null : Buffer.buffer(body));
    }

    @Test
    void malformedJsonIs400MalformedRequest() {
        String path = "/v1/subscriptions/errors";
        HttpResponse<Buffer> response = gateway.send(HttpMethod.PUT, path, MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json").add("X-Request-Id", "req-123"), Buffer.buffer("{\"topic\": "));
        JsonObject problem = assertProblem(response, 400, "malformed-request", path);
        assertEquals("req-123", problem.getString("correlationId"));
    }

    @Test
    void unknownFieldIs400NamingTheField() {
        String path = "/v1/subscriptions/errors";
        JsonObject problem = assertProblem(gateway.json(HttpMethod.PUT, path,
                new JsonObject().put("topic", "errors").put("ackDeadlinMs", 5)), 400, "invalid-request", path);
        assertTrue(problem.getString("detail").contains("ackDeadlinMs"), problem::encode);

        assertProblem(gateway.json(HttpMethod.PUT, "/v1/topics/errors", new JsonObject().put("partitions", 3)), 400,
                "invalid-request", "/v1/topics/errors");
        JsonObject nested = assertProblem(gateway.json(HttpMethod.POST, "/v1/topics/errors/messages/batch",
                new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("data", "x").put("kee", "k")))),
                400, "invalid-request", "/v1/topics/errors/messages/batch");
        assertTrue(nested.getString("detail").contains("messages[0].kee"), nested::encode);
    }

    @Test
    void invalidValuesAre400NamingTheField() {
        JsonObject problem = assertProblem(gateway.json(HttpMethod.PUT, "/v1/subscriptions/errors",
                new JsonObject().put("topic", "errors").put("ackDeadlineMs", "soon")), 400, "invalid-request",
                "/v1/subscriptions/errors");
        assertTrue(problem.getString("detail").contains("ackDeadlineMs"), problem::encode);

        JsonObject missing = assertProblem(gateway.json(HttpMethod.PUT, "/v1/subscriptions/errors", new JsonObject()),
                400, "invalid-request", "/v1/subscriptions/errors");
        assertTrue(missing.getString("detail").contains("topic"), missing::encode);

        JsonObject both = assertProblem(gateway.json(HttpMethod.POST, "/v1/topics/errors/messages/batch",
                new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("data", "x").put("dataBase64", "eA==")))),
                400, "invalid-request", "/v1/topics/errors/messages/batch");
        assertTrue(both.getString("detail").contains("messages[0]"), both::encode);

        assertProblem(gateway.json(HttpMethod.POST, "/v1/subscriptions/errors/pull", new JsonObject().put("maxMessages", 101)),
                400, "invalid-request", "/v1/subscriptions/errors/pull");
        assertProblem(gateway.json(HttpMethod.POST, "/v1/subscriptions/errors/pull", new JsonObject().put("waitMs", 5001)),
                400, "invalid-request", "/v1/subscriptions/errors/pull");
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i <= TestGateway.LIMITS.maxPullMessages(); i++) {
            tooMany.add("a" + i);
        }
        assertProblem(gateway.json(HttpMethod.POST, "/v1/subscriptions/errors/ack", new JsonObject().put("ackIds", tooMany)),
                400, "invalid-request", "/v1/subscriptions/errors/ack");
        assertProblem(gateway.json(HttpMethod.POST, "/v1/subscriptions/errors/ack", new JsonObject().put("ackIds", new JsonArray())),
                400, "invalid-request", "/v1/subscriptions/errors/ack");
    }

    @Test
    void invalidPolicyFieldsAre400NamingTheField() {
        String path = "/v1/subscriptions/errors";
        List<Object[]> cases = List.of(
                new Object[]{new JsonObject().put("retry", new JsonObject().put("maxAttempts", 0)), "retry.maxAttempts"},
                new Object[]{new JsonObject().put("retry", new JsonObject().put("jitter", 1.5)), "retry.jitter"},
                new Object[]{new JsonObject().put("retry", new JsonObject().put("initialBackoffMs", 5000).put("maxBackoffMs", 10)),
                        "retry.maxBackoffMs"},
                new Object[]{new JsonObject().put("ordering", "sideways"), "ordering"},
                new Object[]{new JsonObject().put("deadLetter", new JsonObject().put("onKeyPoisoned", "drop")), "deadLetter.onKeyPoisoned"},
                new Object[]{new JsonObject().put("deadLetter", new JsonObject().put("enable", false)), "deadLetter.enable"},
                new Object[]{new JsonObject().put("retry", new JsonObject().put("maxAttempt", 3)), "retry.maxAttempt"},
                new Object[]{new JsonObject().put("maxInFlight", 1001), "maxInFlight"});
        for (Object[] c : cases) {
            JsonObject body = ((JsonObject) c[0]).put("topic", "errors");
            JsonObject problem = assertProblem(gateway.json(HttpMethod.PUT, path, body), 400, "invalid-request", path);
            assertTrue(problem.getString("detail").contains((String) c[1]), problem::encode);
        }
    }

    @Test
    void deadLettersOfAnUnknownSubscriptionAre404() {
        String list = "/v1/subscriptions/nobody/dead-letters";
        assertProblem(gateway.get(list), 404, "subscription-not-found", list);
        assertProblem(gateway.get(list + "/m-1"), 404, "subscription-not-found", list + "/m-1");
        assertProblem(gateway.json(HttpMethod.DELETE, list + "/m-1", null), 404, "subscription-not-found", list + "/m-1");
        assertProblem(gateway.json(HttpMethod.POST, list + "/redrive", null), 404, "subscription-not-found", list + "/redrive");
        String one = "/v1/subscriptions/errors/dead-letters/m-1";
        assertProblem(gateway.get(one), 404, "dead-letter-not-found", one);
    }

    @Test
    void invalidDeadLetterRequestsAre400NamingTheField() {
        String list = "/v1/subscriptions/errors/dead-letters";
        for (String query : List.of("?limit=0", "?limit=" + (TestGateway.LIMITS.maxPullMessages() + 1), "?limit=4294967297", "?after=abc", "?after=-1")) {
            JsonObject problem = assertProblem(gateway.get(list + query), 400, "invalid-request", list);
            assertTrue(problem.getString("detail").contains(query.substring(1, query.indexOf('='))), problem::encode);
        }
        String redrive = list + "/redrive";
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.add("m-" + i);
        }
        JsonObject problem = assertProblem(gateway.json(HttpMethod.POST, redrive, new JsonObject().put("ids", tooMany)),
                400, "invalid-request", redrive);
        assertTrue(problem.getString("detail").contains("ids"), problem::encode);
    }

    @Test
    void badNamesAre400() {
        String spaced = "/v1/topics/bad%20name";
        assertProblem(gateway.json(HttpMethod.PUT, spaced, null), 400, "invalid-request", spaced);
        String tooLong = "/v1/topics/" + "t".repeat(201);
        assertProblem(gateway.json(HttpMethod.PUT, tooLong, null), 400, "invalid-request", tooLong);
        assertProblem(gateway.json(HttpMethod.PUT, "/v1/topics/a%zz", null), 400, "malformed-request", "/v1/topics/a%zz");
        String badTopicField = "/v1/subscriptions/fine";
        JsonObject problem = assertProblem(gateway.json(HttpMethod.PUT, badTopicField, new JsonObject().put("topic", "no/slash")),
                400, "invalid-request", badTopicField);
        assertTrue(problem.getString("detail").contains("topic"), problem::encode);
    }

    @Test
    void invalidPublishHeadersAre400() {
        String path = "/v1/topics/errors/messages";
        assertProblem(gateway.send(HttpMethod.POST, path, MultiMap.caseInsensitiveMultiMap()
                .add("Idempotency-Key", "x".repeat(201)), Buffer.buffer("a")), 400, "invalid-request", path);
        assertProblem(gateway.send(HttpMethod.POST, path, MultiMap.caseInsensitiveMultiMap()
                .add("Message-Key", "k".repeat(1025)), Buffer.buffer("a")), 400, "invalid-request", path);
        MultiMap tooManyHeaders = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < 65; i++) {
            tooManyHeaders.add("Message-Header-H" + i, "v");
        }
        assertProblem(gateway.send(HttpMethod.POST, path, tooManyHeaders, Buffer.buffer("a")), 400, "invalid-request", path);
        assertProblem(gateway.send(HttpMethod.POST, path, MultiMap.caseInsensitiveMultiMap()
                .add("Message-Header-Big", "v".repeat(9000)), Buffer.buffer("a")), 400, "invalid-request", path);
    }

    @Test
    void oversizedPayloadsAre413() {
        String single = "/v1/topics/errors/messages";
        assertProblem(raw(HttpMethod.POST, single, "application/octet-stream", "x".repeat(TestGateway.LIMITS.maxPayloadBytes() + 1)),
                413, "payload-too-large", single);

        String batch = "/v1/topics/errors/messages/batch";
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i <= TestGateway.LIMITS.maxBatchMessages(); i++) {
            tooMany.add(new JsonObject().put("data", "m" + i));
        }
        assertProblem(gateway.json(HttpMethod.POST, batch, new JsonObject().put("messages", tooMany)), 413, "payload-too-large", batch);
        JsonArray tooBig = new JsonArray();
        for (int i = 0; i < TestGateway.LIMITS.maxBatchMessages(); i++) {
            tooBig.add(new JsonObject().put("data", "x".repeat(TestGateway.LIMITS.maxPayloadBytes())));
        }
        assertProblem(gateway.json(HttpMethod.POST, batch, new JsonObject().put("messages", tooBig)), 413, "payload-too-large", batch);
        StringBuilder huge = new StringBuilder("{\"messages\":[");
        huge.append("{\"data\":\"").append("x".repeat(64 * 1024)).append("\"}".repeat(1)).append("]}");
        huge.insert(huge.length() - 2, (",{\"data\":\"" + "x".repeat(1000) + "\"}").repeat(40));
        assertProblem(raw(HttpMethod.POST, batch, "application/json", huge.toString()), 413, "payload-too-large", batch);
    }

    @Test
    void wrongContentTypeOnJsonEndpointIs415() {
        String path = "/v1/subscriptions/errors";
        assertProblem(raw(HttpMethod.PUT, path, "text/plain", "{\"topic\":\"errors\"}"), 415, "unsupported-media-type", path);
        assertProblem(raw(HttpMethod.PUT, path, null, "{\"topic\":\"errors\"}"), 415, "unsupported-media-type", path);
        assertEquals(200, raw(HttpMethod.PUT, path, "Application/JSON; charset=UTF-8", "{\"topic\":\"errors\"}").statusCode());
        assertEquals(200, raw(HttpMethod.PUT, "/v1/topics/errors", "text/plain", null).statusCode());
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        assertProblem(gateway.get("/v1/nothing-here"), 404, "not-found", "/v1/nothing-here");
        HttpResponse<Buffer> response = gateway.send(HttpMethod.PATCH, "/v1/topics/errors", MultiMap.caseInsensitiveMultiMap(), null);
        assertProblem(response, 405, "method-not-allowed", "/v1/topics/errors");
        assertEquals("DELETE, GET, PUT", response.getHeader("Allow"));
    }

    @Test
    void tooManyWaitingPullsIs429WithRetryAfter() {
        String path = "/v1/subscriptions/errors/pull";
        JsonObject longPoll = new JsonObject().put("waitMs", 5000);
        List<Future<HttpResponse<Buffer>>> waiting = new ArrayList<>();
        for (int i = 0; i < TestGateway.MAX_WAITING_PULLS; i++) {
            waiting.add(gateway.sendAsync(HttpMethod.POST, path, longPoll));
        }
        // the long-polls above reach the server when they do (a loaded machine may take a while): keep
        // asking until one is refused, within their wait
        HttpResponse<Buffer> rejected = null;
        long until = System.nanoTime() + 4_000_000_000L;
        while (rejected == null && System.nanoTime() < until) {
            HttpResponse<Buffer> r = gateway.json(HttpMethod.POST, path, longPoll.copy().put("waitMs", 1));
            if (r.statusCode() == 429) {
                rejected = r;
            }
        }
        assertProblem(rejected, 429, "too-many-requests", path);
        assertEquals("1", rejected.getHeader("Retry-After"));
        waiting.forEach(f -> assertEquals(200, await(f).statusCode()));
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        HttpResponse<Buffer> echoed = gateway.send(HttpMethod.GET, "/health/live",
                MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "abc-1"), null);
        assertEquals("abc-1", echoed.getHeader("X-Request-Id"));
        HttpResponse<Buffer> traced = gateway.send(HttpMethod.GET, "/health/live", MultiMap.caseInsensitiveMultiMap()
                .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), null);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", traced.getHeader("X-Request-Id"));
        assertEquals(32, gateway.get("/health/live").getHeader("X-Request-Id").length());
    }
}
