package io.junction.server.internal.http;

import io.junction.core.JunctionCore;
import io.junction.core.JunctionException;
import io.junction.core.ReceivedMessage;
import io.junction.core.SettleResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** POST /v1/subscriptions/{subscription}/pull, /ack, /nack and /extend. */
final class ConsumeHandlers {
    static final int DEFAULT_MAX_MESSAGES = 10;
    static final int DEFAULT_WAIT_MS = 0;

    private final JunctionCore core;

    ConsumeHandlers(JunctionCore core) {
        this.core = core;
    }

    void pull(RoutingContext rc) {
        JsonObject body = Json.body(rc);
        String subscription = rc.pathParam("subscription");
        int maxMessages = Json.intField(body, "maxMessages", DEFAULT_MAX_MESSAGES);
        long waitMs = body.getLong("waitMs", (long) DEFAULT_WAIT_MS);
        core.pull(subscription, maxMessages, Duration.ofMillis(waitMs))
                .onSuccess(received -> {
                    if (rc.response().closed()) {
                        giveBack(subscription, received);
                        return;
                    }
                    Json.send(rc, 200, new JsonObject().put("messages",
                            new JsonArray(received.stream().map(ReceivedMessageJson::of).toList())));
                })
                .onFailure(rc::fail);
    }

    void ack(RoutingContext rc) {
        core.ack(rc.pathParam("subscription"), ackIds(rc))
                .onSuccess(r -> Json.send(rc, 200, settled("acked", r)))
                .onFailure(rc::fail);
    }

    void nack(RoutingContext rc) {
        JsonObject body = Json.body(rc);
        Long delayMs = body.getLong("delayMs");
        core.nack(rc.pathParam("subscription"), ackIds(rc), delayMs == null ? null : Duration.ofMillis(delayMs),
                        body.getString("reason"))
                .onSuccess(r -> Json.send(rc, 200, settled("nacked", r)))
                .onFailure(rc::fail);
    }

    void extend(RoutingContext rc) {
        core.extend(rc.pathParam("subscription"), ackIds(rc), Duration.ofMillis(Json.body(rc).getLong("ackDeadlineMs")))
                .onSuccess(r -> Json.send(rc, 200, settled("extended", r)))
                .onFailure(rc::fail);
    }

    /**
     * The client went away during a long-poll: hand its deliveries back now instead of at their deadline.
     * Messages of an at-most-once topic have no ackId and are lost.
     */
    private void giveBack(String subscription, List<ReceivedMessage> received) {
        List<String> ackIds = received.stream().map(ReceivedMessage::ackId).filter(Objects::nonNull).toList();
        if (!ackIds.isEmpty()) {
            core.release(subscription, ackIds);
        }
    }

    private List<String> ackIds(RoutingContext rc) {
        List<String> ackIds = Json.body(rc).getJsonArray("ackIds", new JsonArray()).stream().map(String.class::cast).toList();
        int max = core.config().limits().maxPullMessages();
        if (ackIds.size() > max) {
            throw JunctionException.invalid("ackIds may list at most " + max + " ackIds but lists " + ackIds.size());
        }
        return ackIds;
    }

    private static JsonObject settled(String settledField, SettleResult result) {
        return new JsonObject()
                .put(settledField, new JsonArray(result.settled()))
                .put("unknown", new JsonArray(result.unknown()))
                .put("failed", new JsonArray(result.failed()));
    }
}
