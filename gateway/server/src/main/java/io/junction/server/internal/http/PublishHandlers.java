package io.junction.server.internal.http;

import io.junction.core.JunctionCore;
import io.junction.core.JunctionException;
import io.junction.spi.DeliveryMode;
import io.junction.spi.Message;
import io.junction.spi.PublishReceipt;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * POST /v1/topics/{topic}/messages (raw body) and /messages/batch (JSON). A publish to an at-most-once topic
 * answers 202: the broker took the message but stored nothing.
 */
final class PublishHandlers {
    private static final String HEADER_PREFIX = "message-header-";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String TEXT_UTF8 = "text/plain;charset=utf-8";

    private final JunctionCore core;

    PublishHandlers(JunctionCore core) {
        this.core = core;
    }

    void publishOne(RoutingContext rc) {
        boolean generated = rc.request().getHeader("Idempotency-Key") == null;
        Message message = singleMessage(rc.request(), BoundedBodyReader.body(rc).getBytes());
        String topic = rc.pathParam("topic");
        atMostOnce(topic)
                .compose(accepted -> core.publishBatch(topic, List.of(message), generated ? Set.of(message.id()) : Set.of())
                        .map(receipts -> receipts.get(0))
                        .onSuccess(receipt -> Json.send(rc, accepted ? 202 : receipt.duplicate() ? 200 : 201, receipt(receipt))))
                .onFailure(rc::fail);
    }

    /** 201 when the batch stored at least one new message, 200 when every message was a duplicate; 202 when at most once. */
    void publishBatch(RoutingContext rc) {
        JsonArray items = Json.body(rc).getJsonArray("messages");
        List<Message> messages = batchMessages(items);
        Set<String> generated = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.getJsonObject(i).getString("id") == null) {
                generated.add(messages.get(i).id());
            }
        }
        String topic = rc.pathParam("topic");
        atMostOnce(topic)
                .compose(accepted -> core.publishBatch(topic, messages, generated).onSuccess(receipts -> {
                    int status = accepted ? 202 : receipts.stream().allMatch(PublishReceipt::duplicate) ? 200 : 201;
                    Json.send(rc, status, new JsonObject().put("results",
                            new JsonArray(receipts.stream().map(PublishHandlers::receipt).toList())));
                }))
                .onFailure(rc::fail);
    }

    /** Whether the topic is at-most-once; fails as a publish would when it does not exist. */
    private Future<Boolean> atMostOnce(String topic) {
        return core.getTopic(topic).map(t -> t.delivery() == DeliveryMode.AT_MOST_ONCE);
    }

    private Message singleMessage(HttpServerRequest request, byte[] payload) {
        String idempotencyKey = request.getHeader("Idempotency-Key");
        String id = idempotencyKey == null ? core.newMessageId() : MessageRules.id(idempotencyKey, "Idempotency-Key");
        String key = request.getHeader("Message-Key");
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (name.length() >= HEADER_PREFIX.length() && name.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
                // A repeated header is one list-valued field (RFC 9110 section 5.3).
                headers.merge(name.substring(HEADER_PREFIX.length()).toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
            }
        });
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return new Message(id, key == null ? null : MessageRules.key(key, "Message-Key"),
                MessageRules.headers(headers, "Message-Header-*"), contentType == null ? OCTET_STREAM : contentType,
                payload, Instant.now());
    }

    private List<Message> batchMessages(JsonArray items) {
        Instant now = Instant.now();
        List<Message> messages = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            String field = "messages[" + i + "]";
            String id = item.getString("id");
            String key = item.getString("key");
            Map<String, String> headers = new LinkedHashMap<>();
            item.getJsonObject("headers", new JsonObject())
                    .forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), (String) h.getValue()));
            String data = item.getString("data");
            String dataBase64 = item.getString("dataBase64");
            if ((data == null) == (dataBase64 == null)) {
                throw JunctionException.invalid(field + ": exactly one of data and dataBase64 is required");
            }
            messages.add(new Message(
                    id == null ? core.newMessageId() : MessageRules.id(id, field + ".id"),
                    key == null ? null : MessageRules.key(key, field + ".key"),
                    MessageRules.headers(headers, field + ".headers"),
                    item.getString("contentType", data != null ? TEXT_UTF8 : OCTET_STREAM),
                    data != null ? data.getBytes(StandardCharsets.UTF_8) : decodeBase64(dataBase64, field + ".dataBase64"),
                    now));
        }
        return messages;
    }

    private static byte[] decodeBase64(String value, String field) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw JunctionException.invalid(field + " is not valid base64");
        }
    }

    static JsonObject receipt(PublishReceipt r) {
        return new JsonObject().put("id", r.id()).put("position", r.position()).put("duplicate", r.duplicate());
    }
}
