package io.junction.server;

import io.junction.spi.Backend;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.junction.server.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publishing, pulling and settling over HTTP, run against every backend the server is tested with:
 * subclasses supply the backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiMessagingTest {
    @TempDir
    static Path dataDir;
    TestGateway gateway;

    /** The backend the gateway runs on; called once per test class. */
    protected abstract Backend newBackend() throws Exception;

    /** Runs after the gateway stopped, e.g. to stop a broker. */
    protected void afterGatewayStopped() {
    }

    @BeforeAll
    void start() throws Exception {
        gateway = new TestGateway(dataDir, newBackend());
    }

    @AfterAll
    void stop() {
        gateway.close();
        afterGatewayStopped();
    }

    /** Creates a topic with one subscription of the same name. */
    private void topicWithSubscription(String name) {
        assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/topics/" + name, null).statusCode());
        assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/subscriptions/" + name,
                new JsonObject().put("topic", name)).statusCode());
    }

    /** Creates a topic with one subscription of the same name that dead-letters after {@code maxAttempts}, fast. */
    private void topicWithPolicy(String name, int maxAttempts) {
        assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/topics/" + name, null).statusCode());
        HttpResponse<Buffer> created = gateway.json(HttpMethod.PUT, "/v1/subscriptions/" + name, new JsonObject()
                .put("topic", name)
                .put("retry", new JsonObject().put("maxAttempts", maxAttempts).put("initialBackoffMs", 1)
                        .put("maxBackoffMs", 50).put("jitter", 0)));
        assertEquals(201, created.statusCode(), created.bodyAsString());
    }

    private JsonObject deadLetters(String subscription, String query) {
        HttpResponse<Buffer> response = gateway.get("/v1/subscriptions/" + subscription + "/dead-letters" + query);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** Lists until {@code expected} dead letters are there: dead-lettering completes after the nack answered. */
    private JsonArray awaitDeadLetters(String subscription, int expected) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> deadLetters(subscription, "").getJsonArray("messages"), m -> m.size() == expected);
    }

    private HttpResponse<Buffer> publish(String topic, MultiMap headers, byte[] body) {
        return gateway.send(HttpMethod.POST, "/v1/topics/" + topic + "/messages", headers, Buffer.buffer(body));
    }

    private JsonArray pull(String subscription, int max, int waitMs) {
        HttpResponse<Buffer> response = gateway.json(HttpMethod.POST, "/v1/subscriptions/" + subscription + "/pull",
                new JsonObject().put("maxMessages", max).put("waitMs", waitMs));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("messages");
    }

    /** Pulls until {@code expected} messages arrived: a pull answers as soon as some are ready. */
    private JsonArray pullAll(String subscription, int expected) {
        JsonArray all = new JsonArray();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (all.size() < expected && System.nanoTime() < deadline) {
            pull(subscription, expected - all.size(), 1000).forEach(all::add);
        }
        return all;
    }

    private JsonObject settle(String subscription, String action, JsonObject body) {
        HttpResponse<Buffer> response = gateway.json(HttpMethod.POST, "/v1/subscriptions/" + subscription + "/" + action, body);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    @Test
    void seekRewindsWhereTheBackendKeepsHistoryAndIsRefusedElsewhere() {
        topicWithSubscription("seek");
        String from = Instant.now().minusSeconds(60).toString();
        for (int i = 0; i < 2; i++) {
            assertEquals(201, publish("seek", MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain"),
                    ("m" + i).getBytes(StandardCharsets.UTF_8)).statusCode());
        }
        JsonArray first = pullAll("seek", 2);
        settle("seek", "ack", new JsonObject().put("ackIds", new JsonArray(first.stream()
                .map(m -> ((JsonObject) m).getString("ackId")).toList())));
        boolean replay = gateway.get("/v1/topics/seek").bodyAsJsonObject().getJsonArray("capabilities").contains("replay");

        HttpResponse<Buffer> seek = gateway.json(HttpMethod.POST, "/v1/subscriptions/seek/seek", new JsonObject().put("time", from));
        if (replay) {
            assertEquals(204, seek.statusCode(), seek.bodyAsString());
            assertEquals(2, pullAll("seek", 2).size(), "delivered again after the seek");
        } else {
            assertEquals(422, seek.statusCode(), seek.bodyAsString());
            assertEquals("urn:junction:problem:capability-unsupported", seek.bodyAsJsonObject().getString("type"));
        }
        HttpResponse<Buffer> both = gateway.json(HttpMethod.POST, "/v1/subscriptions/seek/seek",
                new JsonObject().put("time", from).put("position", "1"));
        assertEquals(400, both.statusCode(), both.bodyAsString());
    }

    @Test
    void singlePublishRoundTripsHeadersKeyAndContentType() {
        topicWithSubscription("single");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "text/plain; charset=utf-8")
                .add("Idempotency-Key", "order-42 v1")
                .add("Message-Key", "customer-7")
                .add("Message-Header-Trace-Id", "abc")
                .add("Message-Header-Origin", "eu%2Bwest+1");
        HttpResponse<Buffer> published = publish("single", headers, "hello wörld".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, published.statusCode(), published.bodyAsString());
        JsonObject receipt = published.bodyAsJsonObject();
        assertEquals("order-42 v1", receipt.getString("id"));
        assertFalse(receipt.getBoolean("duplicate"));
        assertTrue(receipt.containsKey("position"));

        JsonObject m = pull("single", 10, 2000).getJsonObject(0);
        assertEquals("order-42 v1", m.getString("id"));
        assertEquals("customer-7", m.getString("key"));
        assertEquals(new JsonObject().put("trace-id", "abc").put("origin", "eu%2Bwest+1"), m.getJsonObject("headers"));
        assertEquals("text/plain; charset=utf-8", m.getString("contentType"));
        assertEquals("hello wörld", m.getString("data"));
        assertFalse(m.containsKey("dataBase64"));
        assertEquals(1, m.getInteger("attempt"));
        Instant publishTime = Instant.parse(m.getString("publishTime"));
        assertTrue(Instant.parse(m.getString("deadline")).isAfter(publishTime));
        assertFalse(m.getString("ackId").isEmpty());
    }

    @Test
    void generatesAUuidV7IdWithoutIdempotencyKey() {
        assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/topics/generated", null).statusCode());
        HttpResponse<Buffer> published = publish("generated", MultiMap.caseInsensitiveMultiMap(), new byte[]{1});
        assertEquals(201, published.statusCode(), published.bodyAsString());
        assertEquals(7, UUID.fromString(published.bodyAsJsonObject().getString("id")).version());
    }

    @Test
    void pullAnswersTextAsDataAndEverythingElseAsBase64() {
        topicWithSubscription("payloads");
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
        List<Object[]> cases = List.of(
                new Object[]{"application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), true},
                new Object[]{"application/vnd.acme+json", "{}".getBytes(StandardCharsets.UTF_8), true},
                new Object[]{"application/xml", "<a/>".getBytes(StandardCharsets.UTF_8), true},
                new Object[]{"application/x-custom; charset=UTF-8", "ok".getBytes(StandardCharsets.UTF_8), true},
                new Object[]{"text/plain", notUtf8, false},
                new Object[]{"application/octet-stream", "looks like text".getBytes(StandardCharsets.UTF_8), false},
                new Object[]{null, new byte[]{0, (byte) 0xFF}, false});
        for (Object[] c : cases) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            if (c[0] != null) {
                headers.add("Content-Type", (String) c[0]);
            }
            assertEquals(201, publish("payloads", headers, (byte[]) c[1]).statusCode());
        }
        JsonArray messages = pullAll("payloads", cases.size());
        assertEquals(cases.size(), messages.size());
        for (int i = 0; i < cases.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            Object[] c = cases.get(i);
            assertEquals(c[0] == null ? "application/octet-stream" : c[0], m.getString("contentType"));
            byte[] payload = (boolean) c[2]
                    ? m.getString("data").getBytes(StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(m.getString("dataBase64"));
            assertEquals(c[2], m.containsKey("data"), m::encode);
            assertArrayEquals((byte[]) c[1], payload);
        }
    }

    @Test
    void batchPublishAnswersReceiptsInRequestOrder() {
        assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/topics/batch", null).statusCode());
        // Unordered: with per-key order the second message of key k would wait for the first one's ack.
        assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/subscriptions/batch",
                new JsonObject().put("topic", "batch").put("ordering", "none")).statusCode());
        JsonArray batch = new JsonArray()
                .add(new JsonObject().put("id", "b-1").put("key", "k").put("data", "first"))
                .add(new JsonObject().put("id", "b-2").put("key", "k").put("dataBase64", Base64.getEncoder().encodeToString(new byte[]{9, 8}))
                        .put("headers", new JsonObject().put("X-Source", "test")))
                .add(new JsonObject().put("data", "{\"n\":3}").put("contentType", "application/json"));
        HttpResponse<Buffer> response = gateway.json(HttpMethod.POST, "/v1/topics/batch/messages/batch",
                new JsonObject().put("messages", batch));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
        assertEquals(3, results.size());
        assertEquals("b-1", results.getJsonObject(0).getString("id"));
        assertEquals("b-2", results.getJsonObject(1).getString("id"));
        assertEquals(7, UUID.fromString(results.getJsonObject(2).getString("id")).version());

        JsonArray messages = pullAll("batch", 3);
        assertEquals(3, messages.size());
        JsonObject first = messages.getJsonObject(0);
        assertEquals("first", first.getString("data"));
        assertEquals("text/plain;charset=utf-8", first.getString("contentType"));
        JsonObject second = messages.getJsonObject(1);
        assertEquals("application/octet-stream", second.getString("contentType"));
        assertArrayEquals(new byte[]{9, 8}, Base64.getDecoder().decode(second.getString("dataBase64")));
        assertEquals(new JsonObject().put("x-source", "test"), second.getJsonObject("headers"));
        JsonObject third = messages.getJsonObject(2);
        assertEquals("{\"n\":3}", third.getString("data"));
        assertNull(third.getString("key"));
    }

    @Test
    void ackRemovesMessagesAndReportsUnknownAckIds() {
        topicWithSubscription("acks");
        publish("acks", MultiMap.caseInsensitiveMultiMap(), new byte[]{1});
        String ackId = pull("acks", 1, 2000).getJsonObject(0).getString("ackId");

        JsonObject result = settle("acks", "ack", new JsonObject().put("ackIds", new JsonArray().add(ackId).add("no-such-ack")));
        assertEquals(new JsonObject().put("acked", new JsonArray().add(ackId)).put("unknown", new JsonArray().add("no-such-ack"))
                .put("failed", new JsonArray()), result);
        assertTrue(pull("acks", 10, 300).isEmpty());
        assertEquals(new JsonArray().add(ackId),
                settle("acks", "ack", new JsonObject().put("ackIds", new JsonArray().add(ackId))).getJsonArray("unknown"));
    }

    @Test
    void nackedMessageComesBackWithTheNextAttempt() {
        topicWithSubscription("nacks");
        publish("nacks", MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "again"), new byte[]{1});
        JsonObject first = pull("nacks", 1, 2000).getJsonObject(0);
        assertEquals(1, first.getInteger("attempt"));

        JsonObject result = settle("nacks", "nack", new JsonObject()
                .put("ackIds", new JsonArray().add(first.getString("ackId")).add("gone")).put("reason", "database down"));
        assertEquals(new JsonArray().add(first.getString("ackId")), result.getJsonArray("nacked"));
        assertEquals(new JsonArray().add("gone"), result.getJsonArray("unknown"));

        JsonObject again = pull("nacks", 1, 3000).getJsonObject(0);
        assertEquals("again", again.getString("id"));
        assertEquals(2, again.getInteger("attempt"));
    }

    @Test
    void extendMovesTheDeadline() {
        topicWithSubscription("extends");
        publish("extends", MultiMap.caseInsensitiveMultiMap(), new byte[]{1});
        JsonObject m = pull("extends", 1, 2000).getJsonObject(0);
        JsonObject result = settle("extends", "extend", new JsonObject()
                .put("ackIds", new JsonArray().add(m.getString("ackId")).add("stale")).put("ackDeadlineMs", 120_000));
        assertEquals(new JsonObject().put("extended", new JsonArray().add(m.getString("ackId")))
                .put("unknown", new JsonArray().add("stale")).put("failed", new JsonArray()), result);
    }

    @Test
    void policyRoundTripsWithDefaultsForAbsentFields() {
        assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/topics/policies", null).statusCode());
        String path = "/v1/subscriptions/policies";
        HttpResponse<Buffer> created = gateway.json(HttpMethod.PUT, path, new JsonObject().put("topic", "policies")
                .put("ackDeadlineMs", 5000).put("ordering", "none").put("maxInFlight", 50)
                .put("retry", new JsonObject().put("maxAttempts", 3).put("initialBackoffMs", 10))
                .put("deadLetter", new JsonObject().put("onKeyPoisoned", "park")));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        JsonObject expected = new JsonObject().put("name", "policies").put("topic", "policies").put("ackDeadlineMs", 5000)
                .put("ordering", "none")
                .put("retry", new JsonObject().put("maxAttempts", 3).put("initialBackoffMs", 10).put("multiplier", 2.0)
                        .put("maxBackoffMs", 60000).put("jitter", 0.2))
                .put("deadLetter", new JsonObject().put("enabled", true).put("onKeyPoisoned", "park"))
                .put("maxInFlight", 50);
        assertEquals(expected, created.bodyAsJsonObject());
        assertEquals(expected, gateway.get(path).bodyAsJsonObject());
        assertEquals(expected, gateway.get("/v1/subscriptions").bodyAsJsonObject().getJsonArray("subscriptions").stream()
                .map(JsonObject.class::cast).filter(sub -> sub.getString("name").equals("policies")).findFirst().orElseThrow());

        HttpResponse<Buffer> reset = gateway.json(HttpMethod.PUT, path, new JsonObject().put("topic", "policies"));
        assertEquals(200, reset.statusCode(), reset.bodyAsString());
        assertEquals(new JsonObject().put("name", "policies").put("topic", "policies").put("ackDeadlineMs", 30000)
                .put("ordering", "key")
                .put("retry", new JsonObject().put("maxAttempts", 5).put("initialBackoffMs", 1000).put("multiplier", 2.0)
                        .put("maxBackoffMs", 60000).put("jitter", 0.2))
                .put("deadLetter", new JsonObject().put("enabled", true).put("onKeyPoisoned", "skip"))
                .put("maxInFlight", 1000), reset.bodyAsJsonObject());
    }

    @Test
    void nackedPastMaxAttemptsIsDeadLetteredAndRedrivenWithAttemptOne() {
        topicWithPolicy("poison", 2);
        publish("poison", MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "poison-1").add("Message-Key", "k")
                .add("Content-Type", "text/plain"), "bad".getBytes(StandardCharsets.UTF_8));
        for (int attempt = 1; attempt <= 2; attempt++) {
            JsonObject delivery = pull("poison", 1, 3000).getJsonObject(0);
            assertEquals(attempt, delivery.getInteger("attempt"));
            settle("poison", "nack", new JsonObject().put("ackIds", new JsonArray().add(delivery.getString("ackId")))
                    .put("reason", "failure " + attempt));
        }

        JsonObject dead = awaitDeadLetters("poison", 1).getJsonObject(0);
        assertEquals("poison-1", dead.getString("id"));
        assertEquals("k", dead.getString("key"));
        assertEquals("bad", dead.getString("data"));
        assertFalse(dead.getBoolean("redriving"));
        JsonObject failure = dead.getJsonObject("failure");
        assertEquals(2, failure.getInteger("attempts"));
        assertEquals("failure 2", failure.getString("lastError"));
        assertFalse(Instant.parse(failure.getString("lastFailureTime")).isBefore(Instant.parse(failure.getString("firstFailureTime"))));
        assertFalse(Instant.parse(dead.getString("deadLetteredAt")).isBefore(Instant.parse(dead.getString("publishTime"))));
        HttpResponse<Buffer> one = gateway.get("/v1/subscriptions/poison/dead-letters/poison-1");
        assertEquals(200, one.statusCode(), one.bodyAsString());
        assertEquals(dead, one.bodyAsJsonObject());

        HttpResponse<Buffer> redriven = gateway.json(HttpMethod.POST, "/v1/subscriptions/poison/dead-letters/redrive",
                new JsonObject().put("ids", new JsonArray().add("poison-1")));
        assertEquals(200, redriven.statusCode(), redriven.bodyAsString());
        assertEquals(new JsonObject().put("redriven", 1), redriven.bodyAsJsonObject());
        assertTrue(deadLetters("poison", "").getJsonArray("messages").getJsonObject(0).getBoolean("redriving"));
        JsonObject again = pull("poison", 1, 3000).getJsonObject(0);
        assertEquals("poison-1", again.getString("id"));
        assertEquals(1, again.getInteger("attempt"));
        settle("poison", "ack", new JsonObject().put("ackIds", new JsonArray().add(again.getString("ackId"))));
        assertTrue(deadLetters("poison", "").getJsonArray("messages").isEmpty());
    }

    @Test
    void deadLettersPageOldestFirstAndDiscardIsFinal() {
        topicWithPolicy("pages", 1);
        for (String id : List.of("page-1", "page-2")) {
            publish("pages", MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", id), new byte[]{1});
        }
        JsonArray delivered = pullAll("pages", 2);
        assertEquals(2, delivered.size());
        // Dead-lettered in nack order, so listed in delivery order.
        String firstId = delivered.getJsonObject(0).getString("id");
        String secondId = delivered.getJsonObject(1).getString("id");
        settle("pages", "nack", new JsonObject().put("ackIds", new JsonArray()
                .add(delivered.getJsonObject(0).getString("ackId")).add(delivered.getJsonObject(1).getString("ackId"))));
        awaitDeadLetters("pages", 2);

        JsonObject first = deadLetters("pages", "?limit=1");
        assertEquals(firstId, first.getJsonArray("messages").getJsonObject(0).getString("id"));
        JsonObject second = deadLetters("pages", "?limit=1&after=" + first.getString("next"));
        assertEquals(secondId, second.getJsonArray("messages").getJsonObject(0).getString("id"));
        JsonObject third = deadLetters("pages", "?limit=1&after=" + second.getString("next"));
        assertEquals(new JsonObject().put("messages", new JsonArray()).putNull("next"), third);
        assertNull(deadLetters("pages", "?limit=5").getString("next"));

        String path = "/v1/subscriptions/pages/dead-letters/" + firstId;
        assertEquals(204, gateway.json(HttpMethod.DELETE, path, null).statusCode());
        assertProblem(gateway.json(HttpMethod.DELETE, path, null), 404, "dead-letter-not-found", path);
        assertProblem(gateway.get(path), 404, "dead-letter-not-found", path);
        JsonArray left = deadLetters("pages", "").getJsonArray("messages");
        assertEquals(1, left.size());
        assertEquals(secondId, left.getJsonObject(0).getString("id"));
    }

    @Test
    void aRepeatedIdempotencyKeyAnswers200WithTheFirstReceiptAndStoresNothing() {
        topicWithSubscription("dedup");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "order-1")
                .add("Content-Type", "text/plain").add("Message-Header-A", "1").add("Message-Header-B", "2");
        HttpResponse<Buffer> first = publish("dedup", headers, "once".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, first.statusCode(), first.bodyAsString());
        MultiMap reordered = MultiMap.caseInsensitiveMultiMap().add("Message-Header-B", "2").add("Message-Header-A", "1")
                .add("Content-Type", "text/plain").add("Idempotency-Key", "order-1");
        HttpResponse<Buffer> again = publish("dedup", reordered, "once".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, again.statusCode(), again.bodyAsString());
        assertEquals(first.bodyAsJsonObject().put("duplicate", true), again.bodyAsJsonObject());

        JsonArray messages = pullAll("dedup", 1);
        assertEquals(1, messages.size());
        assertTrue(pull("dedup", 10, 500).isEmpty(), "no second copy");
    }

    @Test
    void aReusedIdempotencyKeyWithAnotherPayloadIs409() {
        topicWithSubscription("reused");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "order-2");
        assertEquals(201, publish("reused", headers, new byte[]{1}).statusCode());
        String path = "/v1/topics/reused/messages";
        JsonObject problem = assertProblem(publish("reused", headers, new byte[]{2}), 409, "idempotency-key-reused", path);
        assertTrue(problem.getString("detail").contains("'order-2'"), problem::encode);

        JsonArray batch = new JsonArray().add(new JsonObject().put("id", "new").put("data", "x"))
                .add(new JsonObject().put("id", "order-2").put("dataBase64", Base64.getEncoder().encodeToString(new byte[]{3})));
        assertProblem(gateway.json(HttpMethod.POST, path + "/batch", new JsonObject().put("messages", batch)),
                409, "idempotency-key-reused", path + "/batch");
        assertEquals(1, pullAll("reused", 1).size());
        assertTrue(pull("reused", 10, 500).isEmpty(), "the refused batch stored nothing");
    }

    @Test
    void aBatchAnswers201WithPerItemDuplicatesAnd200WhenAllAreDuplicates() {
        topicWithSubscription("batch-dedup");
        String path = "/v1/topics/batch-dedup/messages/batch";
        JsonObject one = new JsonObject().put("id", "x-1").put("data", "one");
        JsonObject two = new JsonObject().put("id", "x-2").put("data", "two");
        HttpResponse<Buffer> first = gateway.json(HttpMethod.POST, path, new JsonObject().put("messages", new JsonArray().add(one)));
        assertEquals(201, first.statusCode(), first.bodyAsString());

        HttpResponse<Buffer> mixed = gateway.json(HttpMethod.POST, path,
                new JsonObject().put("messages", new JsonArray().add(one).add(two).add(two)));
        assertEquals(201, mixed.statusCode(), mixed.bodyAsString());
        JsonArray results = mixed.bodyAsJsonObject().getJsonArray("results");
        assertEquals(first.bodyAsJsonObject().getJsonArray("results").getJsonObject(0).put("duplicate", true),
                results.getJsonObject(0));
        assertFalse(results.getJsonObject(1).getBoolean("duplicate"));
        assertEquals(results.getJsonObject(1).copy().put("duplicate", true), results.getJsonObject(2));

        HttpResponse<Buffer> repeat = gateway.json(HttpMethod.POST, path,
                new JsonObject().put("messages", new JsonArray().add(two).add(one)));
        assertEquals(200, repeat.statusCode(), repeat.bodyAsString());
        assertEquals(2, pullAll("batch-dedup", 2).size());
        assertTrue(pull("batch-dedup", 10, 500).isEmpty(), "x-1 and x-2 once each");
    }

    @Test
    void pullWithoutBodyUsesDefaults() {
        topicWithSubscription("defaults");
        HttpResponse<Buffer> response = gateway.send(HttpMethod.POST, "/v1/subscriptions/defaults/pull",
                MultiMap.caseInsensitiveMultiMap(), null);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertEquals(new JsonObject().put("messages", new JsonArray()), response.bodyAsJsonObject());
    }
}
