package io.junction.core.idempotency;

import io.junction.spi.Message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "same message" test of idempotent publishing: SHA-256 over everything the client sent except the id
 * and the publish time (which the gateway sets) — key, content type, headers and payload. Fields are
 * length-prefixed and headers sorted by name, so distinct messages never encode alike and header order
 * does not matter.
 */
public final class MessageFingerprint {
    private MessageFingerprint() {
    }

    public static byte[] of(Message message) {
        MessageDigest sha = sha256();
        text(sha, message.key());
        text(sha, message.contentType());
        Map<String, String> headers = new TreeMap<>(message.headers());
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(headers.size()).array());
        headers.forEach((name, value) -> {
            text(sha, name);
            text(sha, value);
        });
        bytes(sha, message.payload());
        return sha.digest();
    }

    private static void text(MessageDigest sha, String value) {
        if (value == null) {
            sha.update((byte) 0);
        } else {
            sha.update((byte) 1);
            bytes(sha, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void bytes(MessageDigest sha, byte[] value) {
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(value.length).array());
        sha.update(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
