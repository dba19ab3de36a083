package io.junction.server.internal.http;

import io.junction.core.JunctionCore;
import io.junction.core.JunctionException;
import io.junction.core.deadletter.DeadLetter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.List;
import java.util.Optional;

/**
 * GET /v1/subscriptions/{subscription}/dead-letters, GET and DELETE .../dead-letters/{id} and
 * POST .../dead-letters/redrive.
 */
final class DeadLetterHandlers {
    static final int DEFAULT_LIMIT = 100;

    private final JunctionCore core;

    DeadLetterHandlers(JunctionCore core) {
        this.core = core;
    }

    /** A page, oldest first; {@code next} is the cursor of the following page, null after a short page. */
    void list(RoutingContext rc) {
        // Clamped, not truncated, so an absurd limit reaches the core's range check as one.
        int limit = queryParameter(rc, "limit").map(p -> (int) Math.min(Integer.MAX_VALUE, p.getLong())).orElse(DEFAULT_LIMIT);
        long after = queryParameter(rc, "after").map(p -> cursor(p.getString())).orElse(-1L);
        core.listDeadLetters(rc.pathParam("subscription"), after, limit)
                .onSuccess(page -> Json.send(rc, 200, new JsonObject()
                        .put("messages", new JsonArray(page.stream().map(DeadLetterJson::of).toList()))
                        .put("next", page.size() < limit ? null : Long.toString(page.get(page.size() - 1).sequence()))))
                .onFailure(rc::fail);
    }

    void get(RoutingContext rc) {
        core.getDeadLetter(rc.pathParam("subscription"), rc.pathParam("id"))
                .onSuccess(entry -> Json.send(rc, 200, DeadLetterJson.of(entry)))
                .onFailure(rc::fail);
    }

    void redrive(RoutingContext rc) {
        JsonArray ids = Json.body(rc).getJsonArray("ids");
        // A set of ids: a repeated one must not be redriven twice.
        List<String> messageIds = ids == null ? null : ids.stream().map(String.class::cast).distinct().toList();
        core.redrive(rc.pathParam("subscription"), messageIds, actor(rc))
                .onSuccess(n -> Json.send(rc, 200, new JsonObject().put("redriven", n)))
                .onFailure(rc::fail);
    }

    void discard(RoutingContext rc) {
        core.discardDeadLetter(rc.pathParam("subscription"), rc.pathParam("id"), actor(rc))
                .onSuccess(v -> rc.response().setStatusCode(204).end())
                .onFailure(rc::fail);
    }

    /** Who asked, for the audit log. Until requests carry an authenticated identity: where from, and which request. */
    private static String actor(RoutingContext rc) {
        SocketAddress remote = rc.request().remoteAddress();
        return (remote == null ? "unknown" : remote.toString()) + " request " + CorrelationIds.of(rc);
    }

    /** The sequence behind a cursor that {@link #list} handed out. */
    private static long cursor(String cursor) {
        try {
            long sequence = Long.parseLong(cursor);
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw JunctionException.invalid("after: '" + cursor + "' is not a cursor this API returned");
    }

    private static Optional<RequestParameter> queryParameter(RoutingContext rc, String name) {
        ValidatedRequest validated = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        RequestParameter p = validated == null ? null : validated.getQuery().get(name);
        return p == null || p.isNull() ? Optional.empty() : Optional.of(p);
    }
}
