package io.junction.bench;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/** The benchmark's messages: 1 KiB of printable ASCII (so a batch carries it as JSON text without escaping). */
final class Payloads {
    static final int SIZE_BYTES = 1024;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private Payloads() {
    }

    static byte[] oneKib() {
        byte[] payload = new byte[SIZE_BYTES];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ALPHABET.charAt((i * 7 + i / ALPHABET.length()) % ALPHABET.length());
        }
        return payload;
    }

    /**
     * A batch publish body {@code {"messages":[{"key"?,"data"}...]}} of {@code count} copies of the payload.
     *
     * @param firstKey the key index of the first message, the next ones counting up modulo {@code keys};
     *                 negative for messages without a key
     */
    static Buffer batchBody(byte[] payload, int count, long firstKey, int keys) {
        String data = new String(payload, StandardCharsets.US_ASCII);
        StringBuilder json = new StringBuilder(count * (data.length() + 40)).append("{\"messages\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "{" : ",{");
            if (firstKey >= 0) {
                json.append("\"key\":\"").append(keyName((firstKey + i) % keys)).append("\",");
            }
            json.append("\"data\":\"").append(data).append("\"}");
        }
        return Buffer.buffer(json.append("]}").toString());
    }

    private static String keyName(long index) {
        return "key-" + index;
    }
}
