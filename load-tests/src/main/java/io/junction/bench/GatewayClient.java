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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's HTTP API as the load generator calls it: HTTP/1.1 with keep-alive, no pipelining, up to a
 * fixed number of connections (one request in flight per connection; more requests wait for a free one).
 * Loopback only. Every call fails unless the gateway answers 2xx.
 */
final class GatewayClient implements AutoCloseable {
    private static final String TEXT_UTF8 = "text/plain;charset=utf-8";
    private static final String JSON = "application/json";
    private static final long REQUEST_IDLE_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);
    private static final long ADMIN_TIMEOUT_SECONDS = 120;

    private final HttpClientAgent http;

    /** @param url {@code http://127.0.0.1:<port>} */
    GatewayClient(Vertx vertx, String url, int connections) {
        URI uri = URI.create(url);
        if (!"127.0.0.1".equals(uri.getHost())) {
            throw new IllegalArgumentException("the benchmark talks to 127.0.0.1 only, not " + url);
        }
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                        .setKeepAlive(true).setPipelining(false),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    void createTopic(String topic) throws Exception {
        await(call(HttpMethod.PUT, "/v1/topics/" + topic, null, null, null));
    }

    /** A subscription with the default policy: per-key ordering, the default retry and in-flight limits. */
    void createSubscription(String subscription, String topic) throws Exception {
        await(call(HttpMethod.PUT, "/v1/subscriptions/" + subscription, JSON, null,
                new JsonObject().put("topic", topic).toBuffer()));
    }

    /** Deletes the subscription and its messages. */
    void deleteSubscription(String subscription) throws Exception {
        await(call(HttpMethod.DELETE, "/v1/subscriptions/" + subscription, null, null, null));
    }

    /** Deletes the topic with its subscriptions and their messages. */
    void deleteTopic(String topic) throws Exception {
        await(call(HttpMethod.DELETE, "/v1/topics/" + topic, null, null, null));
    }

    /** One message, raw body; {@code key} may be null. */
    CompletionStage<Buffer> publish(String topic, Buffer payload, String key) {
        return call(HttpMethod.POST, "/v1/topics/" + topic + "/messages", TEXT_UTF8, key, payload).toCompletionStage();
    }

    /** A batch: {@code body} is {@code {"messages":[...]}}. */
    CompletionStage<Buffer> publishBatch(String topic, Buffer body) {
        return call(HttpMethod.POST, "/v1/topics/" + topic + "/messages/batch", JSON, null, body).toCompletionStage();
    }

    CompletionStage<JsonObject> pull(String subscription, int maxMessages, int waitMs) {
        Buffer body = new JsonObject().put("maxMessages", maxMessages).put("waitMs", waitMs).toBuffer();
        return call(HttpMethod.POST, "/v1/subscriptions/" + subscription + "/pull", JSON, null, body)
                .map(Buffer::toJsonObject).toCompletionStage();
    }

    CompletionStage<JsonObject> ack(String subscription, JsonArray ackIds) {
        return call(HttpMethod.POST, "/v1/subscriptions/" + subscription + "/ack", JSON, null,
                new JsonObject().put("ackIds", ackIds).toBuffer())
                .map(Buffer::toJsonObject).toCompletionStage();
    }

    private Future<Buffer> call(HttpMethod method, String uri, String contentType, String key, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(uri).setIdleTimeout(REQUEST_IDLE_TIMEOUT_MS);
        if (contentType != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        if (key != null) {
            options.putHeader("Message-Key", key);
        }
        return http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().compose(answer -> response.statusCode() / 100 == 2
                        ? Future.succeededFuture(answer)
                        : Future.failedFuture(new IOException(method + " " + uri + " answered " + response.statusCode()
                                + ": " + answer))));
    }

    private static void await(Future<Buffer> call) throws Exception {
        call.toCompletionStage().toCompletableFuture().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Closes the connections without waiting: the load generator's Vert.x instance is closed (and waited for) last. */
    @Override
    public void close() {
        http.close();
    }
}
