package io.junction.server.internal.http;

import java.util.Locale;

/** Small helpers on media type strings such as {@code text/plain; charset=UTF-8}. */
final class MediaTypes {
    private MediaTypes() {
    }

    /** The lower-case {@code type/subtype} without parameters, or null. */
    static String baseType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether payloads of this type are text: text/*, JSON, XML (also +json / +xml suffixes), or any type
     * declaring {@code charset=utf-8}.
     */
    static boolean isTextual(String contentType) {
        String base = baseType(contentType);
        if (base == null) {
            return false;
        }
        if (base.startsWith("text/") || base.equals("application/json") || base.endsWith("+json")
                || base.equals("application/xml") || base.endsWith("+xml")) {
            return true;
        }
        for (String param : contentType.toLowerCase(Locale.ROOT).split(";")) {
            String p = param.replace(" ", "").replace("\"", "");
            if (p.equals("charset=utf-8") || p.equals("charset=utf8")) {
                return true;
            }
        }
        return false;
    }
}
