package io.junction.bridge.nats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * NATS headers carry printable US-ASCII only (names without {@code :}). Junction's values and names are
 * any text, so they are written in a form that stays readable when it can:
 * <ul>
 *   <li>a value of printable ASCII not starting with {@code =?} is written as is; any other value as an
 *   RFC 2047 encoded word, {@code =?UTF-8?B?<base64 of its UTF-8 bytes>?=};</li>
 *   <li>a header name is written as is, except that bytes of its UTF-8 form outside {@code !..~}, and
 *   {@code :} and {@code %}, become {@code %XX}.</li>
 * </ul>
 * Both are reversible for every string.
 */
final class HeaderText {
    private static final String WORD_START = "=?UTF-8?B?";
    private static final String WORD_END = "?=";

    private HeaderText() {
    }

    static String encodeValue(String value) {
        if (value.startsWith("=?") || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            return WORD_START + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + WORD_END;
        }
        return value;
    }

    static String decodeValue(String value) {
        if (value.startsWith(WORD_START) && value.endsWith(WORD_END) && value.length() >= WORD_START.length() + WORD_END.length()) {
            try {
                byte[] bytes = Base64.getDecoder().decode(value.substring(WORD_START.length(), value.length() - WORD_END.length()));
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return value; // written by someone else
            }
        }
        return value;
    }

    static String encodeName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c < 0x21 || c > 0x7E || c == ':' || c == '%') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    static String decodeName(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    bytes.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            bytes.write(c); // header names are ASCII
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
