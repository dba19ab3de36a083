package io.junction.server.internal.http;

import io.junction.core.JunctionCore;
import io.junction.core.TopicInfo;
import io.junction.spi.Capability;
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

    void put(RoutingContext rc) {
        core.putTopic(rc.pathParam("topic"))
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
        topic.capabilities().stream().sorted().map(TopicHandlers::capabilityName).forEach(capabilities::add);
        return new JsonObject()
                .put("name", topic.name())
                .put("backend", topic.backend())
                .put("backendType", topic.backendType())
                .put("capabilities", capabilities);
    }

    /** {@code ORDERED_PER_KEY} as {@code ordered-per-key}. */
    static String capabilityName(Capability capability) {
        return capability.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
