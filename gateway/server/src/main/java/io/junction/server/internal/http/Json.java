package io.junction.server.internal.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/** Reading validated JSON request bodies and writing JSON responses. */
final class Json {
    private Json() {
    }

    /** The request body as validated against the contract; empty when the request had none. */
    static JsonObject body(RoutingContext rc) {
        ValidatedRequest validated = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        RequestParameter body = validated == null ? null : validated.getBody();
        JsonObject json = body == null || body.isNull() ? null : body.getJsonObject();
        return json == null ? new JsonObject() : json;
    }

    static void send(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
    }

    /** A whole-number field clamped into int range, so an absurd value reaches the core's range check intact. */
    static int intField(JsonObject body, String field, int defaultValue) {
        Long value = body.getLong(field);
        return value == null ? defaultValue : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
