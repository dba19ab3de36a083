package io.junction.server.internal.http;

import io.junction.core.ErrorType;
import io.junction.core.JunctionCore;
import io.junction.core.JunctionException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.TimeUnit;

/** GET /health/live, /health/ready, /metrics and /openapi.yaml. */
final class OperationsHandlers {
    static final long READY_TIMEOUT_SECONDS = 5;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final JunctionCore core;
    private final PrometheusMeterRegistry registry;
    private final Buffer openApiDocument;

    OperationsHandlers(JunctionCore core, PrometheusMeterRegistry registry, byte[] openApiDocument) {
        this.core = core;
        this.registry = registry;
        this.openApiDocument = Buffer.buffer(openApiDocument);
    }

    void live(RoutingContext rc) {
        Json.send(rc, 200, up());
    }

    void ready(RoutingContext rc) {
        core.checkReady()
                .timeout(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .onSuccess(v -> Json.send(rc, 200, up()))
                .onFailure(err -> rc.fail(err instanceof JunctionException ? err : new JunctionException(
                        ErrorType.BACKEND_UNAVAILABLE, "the backends did not answer within " + READY_TIMEOUT_SECONDS + "s")));
    }

    void metrics(RoutingContext rc) {
        // Scraping walks every meter; keep it off the event loop.
        rc.vertx().executeBlocking(registry::scrape, false)
                .onSuccess(text -> rc.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(text))
                .onFailure(rc::fail);
    }

    void openApi(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(openApiDocument);
    }

    private static JsonObject up() {
        return new JsonObject().put("status", "UP");
    }
}
