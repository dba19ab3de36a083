package io.junction.bridge.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code settings} map of a backend's configuration into typed values, collecting every problem
 * instead of failing on the first, so that one error names all bad settings at once. A getter that finds a
 * bad value records the problem and returns the fallback; {@link #throwIfInvalid} ends the reading.
 */
public final class SettingsReader {
    private final Map<String, Object> settings;
    private final List<String> problems = new ArrayList<>();

    /** Starts reading {@code raw} (null = no settings), reporting each key not in {@code known}. */
    public SettingsReader(Map<String, Object> raw, Set<String> known) {
        this.settings = raw == null ? Map.of() : raw;
        for (String key : new TreeSet<>(settings.keySet())) {
            if (!known.contains(key)) {
                problem(key + ": unknown setting (known: " + new TreeSet<>(known) + ")");
            }
        }
    }

    /** The value as given, or null; for the types a bridge reads itself. */
    public Object value(String key) {
        return settings.get(key);
    }

    /** A non-blank string, or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        Object v = settings.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            problem(key + ": must be a non-empty string (got '" + v + "')");
            return fallback;
        }
        return s;
    }

    /** A string that may be empty or blank (a name prefix, say), or {@code fallback} when absent. */
    public String anyString(String key, String fallback) {
        Object v = settings.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            problem(key + ": must be a string (got '" + v + "')");
            return fallback;
        }
        return s;
    }

    /** Like {@link #string}, for a value that may hold credentials: a problem with it does not repeat the value. */
    public String secretString(String key, String fallback) {
        Object v = settings.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            problem(key + ": must be a non-empty string");
            return fallback;
        }
        return s;
    }

    /** An integer (a number or its text) within {@code [min, max]}, or {@code fallback} when absent. */
    public long number(String key, long fallback, long min, long max) {
        Object v = settings.get(key);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = v instanceof Number num && num.doubleValue() == num.longValue() ? num.longValue()
                    : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            problem(key + ": must be an integer (got '" + v + "')");
            return fallback;
        }
        if (n < min || n > max) {
            problem(key + ": must be between " + min + " and " + max + " (got " + n + ")");
            return fallback;
        }
        return n;
    }

    /** Records a problem found by the bridge's own checks, e.g. {@code "url: not a NATS URL"}. */
    public void problem(String description) {
        problems.add(description);
    }

    /** Throws IllegalArgumentException {@code invalid <broker> settings: ...} naming every problem, if any. */
    public void throwIfInvalid(String broker) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + broker + " settings: " + String.join("; ", problems));
        }
    }
}
