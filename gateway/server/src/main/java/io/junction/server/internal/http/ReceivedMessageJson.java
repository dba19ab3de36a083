package io.junction.server.internal.http;

import io.junction.core.ReceivedMessage;
import io.vertx.core.json.JsonObject;

/**
 * A pulled delivery as JSON: the message ({@link MessageJson}) with its ackId, attempt and deadline; ackId and
 * deadline are null on an at-most-once topic.
 */
final class ReceivedMessageJson {
    private ReceivedMessageJson() {
    }

    static JsonObject of(ReceivedMessage received) {
        return MessageJson.put(new JsonObject().put("ackId", received.ackId()), received.message())
                .put("attempt", received.attempt())
                .put("deadline", received.deadline() == null ? null : received.deadline().toString());
    }
}
