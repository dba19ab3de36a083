package io.junction.server.internal.http;

import io.junction.core.JunctionCore;
import io.junction.core.TopicInfo;
import io.junction.spi.DeliveryMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/** PUT, GET, DELETE /v1/topics/{topic} and GET /v1/topics. */
final class TopicHandlers {
    private final JunctionCore core;

    TopicHandlers(JunctionCore core) {
        this.core = core;
    }

    /** The body's {@code delivery}, {@code at-least-once} when absent (the contract allows no other values). */
    void put(RoutingContext rc) {
        String delivery = Json.body(rc).getString("delivery", "at-least-once");
        core.putTopic(rc.pathParam("topic"), DeliveryMode.valueOf(delivery.toUpperCase(Locale.ROOT).replace('-', '_')))
                .onSuccess(u -> Json.send(rc, u.created() ? 201 : 200, describe(u.value())))
                .onFailure(rc::fail);
    }

    void get(RoutingContext rc) {
        core.getTopic(rc.pathParam("topic")).onSuccess(t -> Json.send(rc, 200, describe(t))).onFailure(rc::fail);
    }

    void delete(RoutingContext rc) {
        core.deleteTopic(rc.pathParam("topic")).onSuccess(v -> rc.response().setStatusCode(204).end()).onFailure(rc::fail);
    }

    void list(RoutingContext rc) {
        core.listTopics()
                .onSuccess(all -> Json.send(rc, 200, new JsonObject()
                        .put("topics", new JsonArray(all.stream().map(TopicHandlers::describe).toList()))))
                .onFailure(rc::fail);
    }

    static JsonObject describe(TopicInfo topic) {
        JsonArray capabilities = new JsonArray();
        topic.capabilities().stream().sorted().map(TopicHandlers::wireName).forEach(capabilities::add);
        return new JsonObject()
                .put("name", topic.name())
                .put("backend", topic.backend())
                .put("backendType", topic.backendType())
                .put("delivery", wireName(topic.delivery()))
                .put("capabilities", capabilities);
    }

    /** A capability or delivery mode as clients write it: {@code ORDERED_PER_KEY} as {@code ordered-per-key}. */
    private static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
