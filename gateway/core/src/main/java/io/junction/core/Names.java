package io.junction.core;

import java.util.regex.Pattern;

/** The naming rule for topics and subscriptions: {@code [A-Za-z0-9._-]{1,200}}. */
public final class Names {
    public static final String RULE = "[A-Za-z0-9._-]{1,200}";
    private static final Pattern VALID = Pattern.compile(RULE);

    private Names() {
    }

    /** @throws JunctionException INVALID_REQUEST naming {@code what} when {@code name} breaks the rule */
    public static String require(String what, String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw JunctionException.invalid(what + " name must match " + RULE + " but was "
                    + (name == null ? "missing" : "'" + abbreviate(name) + "'"));
        }
        return name;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
