package io.junction.server.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one mapping of the configuration tree. Every problem is added to a shared error list instead of
 * thrown, so the loader can report all of them at once; keys nobody asked for are reported by
 * {@link #rejectUnknownKeys()}.
 */
public final class ConfigSection {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String path;
    private final ObjectNode node;
    private final List<String> errors;
    private final Map<String, String> origins;
    private final Set<String> read = new HashSet<>();

    /**
     * @param origins where an overridden value came from, by dotted key path (e.g. an environment variable)
     */
    public ConfigSection(String path, ObjectNode node, List<String> errors, Map<String, String> origins) {
        this.path = path;
        this.node = node;
        this.errors = errors;
        this.origins = origins;
    }

    public boolean has(String key) {
        return node.has(key);
    }

    /** A nested mapping; an empty one when absent. */
    public ConfigSection section(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value != null && !value.isNull() && !value.isObject()) {
            error(key, "must be a mapping");
            value = null;
        }
        return new ConfigSection(pathOf(key), value instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode(),
                errors, origins);
    }

    /** Each entry of a mapping whose values are mappings, by key, in file order. */
    public Map<String, ConfigSection> sections() {
        Map<String, ConfigSection> result = new LinkedHashMap<>();
        node.fieldNames().forEachRemaining(key -> result.put(key, section(key)));
        return result;
    }

    /** The mappings of a sequence; an empty list when absent. */
    public List<ConfigSection> list(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        List<ConfigSection> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            error(key, "must be a list");
            return result;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (item instanceof ObjectNode o) {
                result.add(new ConfigSection(itemPath, o, errors, origins));
            } else {
                errors.add(itemPath + ": must be a mapping");
            }
        }
        return result;
    }

    /** A mapping kept as plain Java values (for settings passed through untouched). */
    public Map<String, Object> map(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            error(key, "must be a mapping");
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = MAPPER.convertValue(value, LinkedHashMap.class);
        return converted;
    }

    public String string(String key, String defaultValue) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            error(key, "must be a non-empty string");
            return defaultValue;
        }
        return value.asText();
    }

    /** A whole number in [min, max]; a numeric string is accepted too, since environment values are text. */
    public long number(String key, long defaultValue, long min, long max) {
        read.add(key);
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        Long parsed = null;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.asLong();
        } else if (value.isTextual()) {
            try {
                parsed = Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                parsed = null;
            }
        }
        if (parsed == null || parsed < min || parsed > max) {
            error(key, "must be a whole number between " + min + " and " + max + " but was '" + value.asText() + "'");
            return defaultValue;
        }
        return parsed;
    }

    public int integer(String key, int defaultValue, int min) {
        return (int) number(key, defaultValue, min, Integer.MAX_VALUE);
    }

    public void error(String key, String message) {
        String keyPath = pathOf(key);
        String origin = origins.get(keyPath);
        errors.add(keyPath + ": " + message + (origin == null ? "" : " (from " + origin + ")"));
    }

    /** Reports every key of this mapping that no getter asked for. */
    public void rejectUnknownKeys() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                error(key, "unknown key");
            }
        }
    }

    private String pathOf(String key) {
        if (key.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? key : path + "." + key;
    }
}
