package io.junction.server.internal.http;

import io.junction.core.deadletter.DeadLetter;
import io.junction.core.delivery.Failure;
import io.vertx.core.json.JsonObject;

/** A dead letter as JSON: the message ({@link MessageJson}), when it was dead-lettered and why. */
final class DeadLetterJson {
    private DeadLetterJson() {
    }

    static JsonObject of(DeadLetter entry) {
        Failure f = entry.failure();
        return MessageJson.put(new JsonObject(), entry.message())
                .put("deadLetteredAt", entry.deadLetteredAt().toString())
                .put("redriving", entry.redriving())
                .put("failure", new JsonObject()
                        .put("attempts", f.attempts())
                        .put("firstFailureTime", f.firstFailureTime().toString())
                        .put("lastFailureTime", f.lastFailureTime().toString())
                        .put("lastError", f.lastError()));
    }
}
