package io.junction.server.internal.http;

import io.junction.core.JunctionException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** The checks the single and the batch publish share: message ids, ordering keys and custom headers. */
final class MessageRules {
    static final int MAX_KEY_CHARS = 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    private static final Pattern ID = Pattern.compile("[\\x20-\\x7E]{1,200}");

    private MessageRules() {
    }

    /** @param field how the client named the value, for the error detail */
    static String id(String id, String field) {
        if (!ID.matcher(id).matches()) {
            throw JunctionException.invalid(field + " must be 1 to 200 printable ASCII characters");
        }
        return id;
    }

    static String key(String key, String field) {
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            throw JunctionException.invalid(field + " must be 1 to " + MAX_KEY_CHARS + " characters");
        }
        return key;
    }

    /** @param headers header names already lower-cased */
    static Map<String, String> headers(Map<String, String> headers, String field) {
        if (headers.size() > MAX_HEADERS) {
            throw JunctionException.invalid(field + ": at most " + MAX_HEADERS + " custom headers but got " + headers.size());
        }
        long bytes = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().isEmpty()) {
                throw JunctionException.invalid(field + ": a header name must not be empty");
            }
            bytes += h.getKey().getBytes(StandardCharsets.UTF_8).length + h.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes > MAX_HEADER_BYTES) {
            throw JunctionException.invalid(field + ": custom headers may take at most " + MAX_HEADER_BYTES
                    + " bytes (names plus values) but take " + bytes);
        }
        return headers;
    }
}
