package io.junction.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ's management HTTP API publish, {@code POST /api/exchanges/%2F/<topic>/publish}: a persistent
 * message to the topic's exchange, with the same connections as the gateway's single publish. It answers once
 * the message was routed; unlike the gateway it waits for no publisher confirm. RabbitMQ documents it as
 * meant for testing, not for high rates.
 */
final class RabbitMqManagementApi implements ManagementApi {
    private static final Pattern MANAGEMENT_URL = Pattern.compile("management (http://\\S+?),?\\s");
    private static final String GUEST = "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.US_ASCII));
    private static final long REQUEST_IDLE_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

    private final HttpClientAgent http;

    private RabbitMqManagementApi(HttpClientAgent http) {
        this.http = http;
    }

    /** @param brokerDescription the dev stack's broker line, holding {@code management http://127.0.0.1:<port>} */
    static RabbitMqManagementApi connect(String brokerDescription, Vertx vertx) {
        Matcher url = MANAGEMENT_URL.matcher(brokerDescription + " ");
        if (!url.find()) {
            throw new IllegalArgumentException("no management URL in the broker description: " + brokerDescription);
        }
        URI uri = URI.create(url.group(1));
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("the benchmark talks to 127.0.0.1 only, not " + uri);
        }
        return new RabbitMqManagementApi(vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                        .setKeepAlive(true).setPipelining(false),
                new PoolOptions().setHttp1MaxSize(BenchPlan.SINGLE_CONNECTIONS)));
    }

    @Override
    public CompletionStage<?> publish(String topic, byte[] payload) {
        Buffer body = new JsonObject()
                .put("properties", new JsonObject().put("delivery_mode", 2))
                .put("routing_key", "")
                .put("payload", new String(payload, StandardCharsets.US_ASCII))
                .put("payload_encoding", "string")
                .toBuffer();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setURI("/api/exchanges/%2F/" + topic + "/publish").setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").putHeader(HttpHeaders.AUTHORIZATION, GUEST);
        return http.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().compose(answer -> response.statusCode() == 200
                        && answer.toJsonObject().getBoolean("routed", false)
                        ? Future.succeededFuture(answer)
                        : Future.failedFuture(new IOException("the management API answered " + response.statusCode()
                                + ": " + answer))))
                .toCompletionStage();
    }

    /** Closes the connections without waiting: the load generator's Vert.x instance is closed (and waited for) last. */
    @Override
    public void close() {
        http.close();
    }
}
