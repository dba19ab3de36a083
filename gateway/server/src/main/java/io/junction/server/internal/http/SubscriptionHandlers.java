package io.junction.server.internal.http;

import io.junction.core.JunctionCore;
import io.junction.core.JunctionException;
import io.junction.core.catalog.SubscriptionDefinition;
import io.junction.spi.SeekTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** PUT, GET, DELETE /v1/subscriptions/{subscription} and GET /v1/subscriptions. */
final class SubscriptionHandlers {
    private final JunctionCore core;

    SubscriptionHandlers(JunctionCore core) {
        this.core = core;
    }

    void put(RoutingContext rc) {
        JsonObject body = Json.body(rc);
        Long ackDeadlineMs = body.getLong("ackDeadlineMs");
        core.putSubscription(rc.pathParam("subscription"), body.getString("topic"),
                        ackDeadlineMs == null ? null : Duration.ofMillis(ackDeadlineMs),
                        DeliveryPolicyJson.read(body, core.config().maxInFlight()))
                .onSuccess(u -> Json.send(rc, u.created() ? 201 : 200, describe(u.value())))
                .onFailure(rc::fail);
    }

    void get(RoutingContext rc) {
        core.getSubscription(rc.pathParam("subscription")).onSuccess(s -> Json.send(rc, 200, describe(s))).onFailure(rc::fail);
    }

    void delete(RoutingContext rc) {
        core.deleteSubscription(rc.pathParam("subscription"))
                .onSuccess(v -> rc.response().setStatusCode(204).end())
                .onFailure(rc::fail);
    }

    void seek(RoutingContext rc) {
        JsonObject body = Json.body(rc);
        String time = body.getString("time");
        String position = body.getString("position");
        if ((time == null) == (position == null)) {
            throw JunctionException.invalid("give exactly one of 'time' and 'position'");
        }
        SeekTarget target;
        try {
            target = time != null ? SeekTarget.toTime(Instant.parse(time)) : SeekTarget.toPosition(position);
        } catch (DateTimeParseException e) {
            throw JunctionException.invalid("time: not an ISO-8601 instant such as 2026-11-26T10:15:30Z: '" + time + "'");
        }
        core.seek(rc.pathParam("subscription"), target)
                .onSuccess(v -> rc.response().setStatusCode(204).end())
                .onFailure(rc::fail);
    }

    void list(RoutingContext rc) {
        core.listSubscriptions()
                .onSuccess(all -> Json.send(rc, 200, new JsonObject()
                        .put("subscriptions", new JsonArray(all.stream().map(SubscriptionHandlers::describe).toList()))))
                .onFailure(rc::fail);
    }

    static JsonObject describe(SubscriptionDefinition s) {
        return DeliveryPolicyJson.put(new JsonObject()
                .put("name", s.name())
                .put("topic", s.topic())
                .put("ackDeadlineMs", s.ackDeadline().toMillis()), s.policy());
    }
}
