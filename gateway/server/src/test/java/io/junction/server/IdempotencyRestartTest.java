package io.junction.server;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.junction.server.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The dedup window outlives a gateway restart: its records are kept in the data dir. */
class IdempotencyRestartTest {
    private static final String PATH = "/v1/topics/orders/messages";

    @TempDir
    Path dataDir;

    @Test
    void aRetryAfterARestartIsStillRecognised() {
        JsonObject receipt;
        try (TestGateway gateway = new TestGateway(dataDir)) {
            assertEquals(201, gateway.json(HttpMethod.PUT, "/v1/topics/orders", null).statusCode());
            HttpResponse<Buffer> first = publish(gateway, "payload");
            assertEquals(201, first.statusCode(), first.bodyAsString());
            receipt = first.bodyAsJsonObject();
        }
        try (TestGateway restarted = new TestGateway(dataDir)) {
            HttpResponse<Buffer> retry = publish(restarted, "payload");
            assertEquals(200, retry.statusCode(), retry.bodyAsString());
            assertEquals(receipt.put("duplicate", true), retry.bodyAsJsonObject());
            assertProblem(publish(restarted, "another payload"), 409, "idempotency-key-reused", PATH);
        }
    }

    private static HttpResponse<Buffer> publish(TestGateway gateway, String body) {
        return gateway.send(HttpMethod.POST, PATH, MultiMap.caseInsensitiveMultiMap().add("Idempotency-Key", "order-7"),
                Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)));
    }
}
