package io.junction.server.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;

/**
 * Applies environment variables onto the configuration tree before it is read:
 * {@code JUNCTION_DATA_DIR} sets {@code dataDir}, and {@code JUNCTION_<SECTION>_<FIELD>} sets
 * {@code <section>.<field>} for the server, limits, subscriptions and idempotency sections, the field written in upper
 * snake case ({@code JUNCTION_LIMITS_MAX_PAYLOAD_BYTES} sets {@code limits.maxPayloadBytes}). A variable
 * naming no setting ends up as an unknown key, so typos are reported like typos in the file.
 */
public final class EnvOverrides {
    private static final String PREFIX = "JUNCTION_";
    private static final String[] SECTIONS = {"server", "limits", "subscriptions", "idempotency"};

    private EnvOverrides() {
    }

    /**
     * @param origins receives, for each overridden key path, the variable it came from
     */
    public static void apply(ObjectNode root, Map<String, String> env, Map<String, String> origins) {
        env.forEach((name, value) -> {
            if (name.equals(PREFIX + "DATA_DIR")) {
                root.put("dataDir", value);
                origins.put("dataDir", name);
                return;
            }
            for (String section : SECTIONS) {
                String sectionPrefix = PREFIX + section.toUpperCase(Locale.ROOT) + "_";
                if (name.startsWith(sectionPrefix) && name.length() > sectionPrefix.length()) {
                    JsonNode target = root.get(section);
                    if (target == null || target.isNull()) {
                        target = root.putObject(section);
                    }
                    if (target instanceof ObjectNode o) {
                        String field = camelCase(name.substring(sectionPrefix.length()));
                        o.put(field, value);
                        origins.put(section + "." + field, name);
                    }
                }
            }
        });
    }

    static String camelCase(String upperSnake) {
        StringBuilder out = new StringBuilder();
        for (String part : upperSnake.toLowerCase(Locale.ROOT).split("_")) {
            if (part.isEmpty()) {
                continue;
            }
            out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
