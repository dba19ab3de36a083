package io.junction.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Checks that a response is an RFC 9457 problem of the expected status and stable type. */
public final class ProblemAssertions {
    private ProblemAssertions() {
    }

    public static JsonObject assertProblem(HttpResponse<Buffer> response, int status, String slug, String path) {
        assertEquals(status, response.statusCode(), () -> "body: " + response.bodyAsString());
        assertEquals("application/problem+json", response.getHeader("Content-Type"));
        JsonObject problem = response.bodyAsJsonObject();
        assertEquals("urn:junction:problem:" + slug, problem.getString("type"), problem::encode);
        assertEquals(status, problem.getInteger("status"));
        assertNotNull(problem.getString("title"));
        assertEquals(path, problem.getString("instance"));
        String requestId = response.getHeader("X-Request-Id");
        assertNotNull(requestId);
        assertEquals(requestId, problem.getString("correlationId"));
        assertFalse(response.bodyAsString().contains("\tat "), "no stack trace in a response");
        return problem;
    }
}
