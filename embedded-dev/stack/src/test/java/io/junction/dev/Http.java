package io.junction.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A minimal JSON-over-HTTP client for tests that drive a gateway in another process. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode postJson(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", path, "application/json", JSON.writeValueAsString(body));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    void put(String path, String jsonBody) throws IOException, InterruptedException {
        HttpResponse<String> r = send("PUT", path, jsonBody == null ? null : "application/json", jsonBody);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IOException("PUT " + path + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
