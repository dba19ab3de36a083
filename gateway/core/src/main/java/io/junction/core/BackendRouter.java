package io.junction.core;

import io.junction.spi.Backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Knows the configured backend instances and which one a new topic goes to: the first route whose
 * pattern matches the topic name, else the default backend. Patterns are exact names or globs where
 * {@code *} matches any run of characters.
 */
public final class BackendRouter {
    /** A topic-name pattern and the backend instance it routes to. */
    public record Route(String pattern, String backend) {
        public Route {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(backend, "backend");
        }

        boolean matches(String topic) {
            return globToRegex(pattern).matcher(topic).matches();
        }
    }

    private final Map<String, Backend> backends;
    private final List<Route> routes;
    private final String defaultBackend;

    public BackendRouter(Map<String, Backend> backends, List<Route> routes, String defaultBackend) {
        this.backends = new LinkedHashMap<>(backends);
        this.routes = List.copyOf(routes);
        this.defaultBackend = defaultBackend;
        List<String> errors = new ArrayList<>();
        if (!backends.containsKey(defaultBackend)) {
            errors.add("default backend '" + defaultBackend + "' is not configured");
        }
        for (Route r : routes) {
            if (!backends.containsKey(r.backend())) {
                errors.add("route '" + r.pattern() + "' names unknown backend '" + r.backend() + "'");
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    /** The backend instance a new topic of this name is created on. */
    public String backendNameFor(String topic) {
        for (Route r : routes) {
            if (r.matches(topic)) {
                return r.backend();
            }
        }
        return defaultBackend;
    }

    /** @throws JunctionException BACKEND_UNAVAILABLE when the name is not (or no longer) configured */
    public Backend backend(String name) {
        Backend b = backends.get(name);
        if (b == null) {
            throw new JunctionException(ErrorType.BACKEND_UNAVAILABLE,
                    "backend '" + name + "' is not configured on this gateway");
        }
        return b;
    }

    public Map<String, Backend> all() {
        return Map.copyOf(backends);
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }
}
