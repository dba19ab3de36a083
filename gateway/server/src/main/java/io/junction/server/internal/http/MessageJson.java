package io.junction.server.internal.http;

import io.junction.spi.Message;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A message as clients read it (pulled or dead-lettered): the payload as {@code data} when it is text,
 * else as {@code dataBase64}.
 */
final class MessageJson {
    private MessageJson() {
    }

    /** {@code id, key, headers, contentType, data|dataBase64, publishTime}, added to {@code json}. */
    static JsonObject put(JsonObject json, Message m) {
        json.put("id", m.id())
                .put("key", m.key())
                .put("headers", new JsonObject(Map.copyOf(m.headers())))
                .put("contentType", m.contentType());
        String text = MediaTypes.isTextual(m.contentType()) ? strictUtf8(m.payload()) : null;
        if (text != null) {
            json.put("data", text);
        } else {
            json.put("dataBase64", Base64.getEncoder().encodeToString(m.payload()));
        }
        return json.put("publishTime", m.publishTime().toString());
    }

    /** The text, or null when the bytes are not valid UTF-8. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
