package io.junction.server.internal.backend;

import io.junction.server.config.ConfigException;
import io.junction.server.config.GatewayConfig.BackendConfig;
import io.junction.spi.Backend;
import io.junction.spi.BackendFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The backend factories on the class path, found with {@link ServiceLoader}, by type. */
public final class BackendFactories {
    private final Map<String, BackendFactory> byType;

    private BackendFactories(Map<String, BackendFactory> byType) {
        this.byType = byType;
    }

    public static BackendFactories discover() {
        Map<String, BackendFactory> byType = new TreeMap<>();
        ServiceLoader.load(BackendFactory.class).forEach(f -> byType.putIfAbsent(f.type(), f));
        return new BackendFactories(byType);
    }

    public Set<String> types() {
        return byType.keySet();
    }

    /**
     * Creates (without starting) every configured backend.
     *
     * @throws ConfigException listing every backend whose type is unknown or whose settings its factory rejected
     */
    public Map<String, Backend> createAll(Map<String, BackendConfig> configs) {
        Map<String, Backend> created = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        configs.forEach((name, config) -> {
            BackendFactory factory = byType.get(config.type());
            if (factory == null) {
                errors.add("backends." + name + ".type: unknown backend type '" + config.type() + "'; known types: " + types());
                return;
            }
            try {
                created.put(name, factory.create(name, config.settings()));
            } catch (IllegalArgumentException e) {
                errors.add("backends." + name + ".settings: " + e.getMessage());
            }
        });
        if (!errors.isEmpty()) {
            created.values().forEach(Backend::close);
            throw new ConfigException(errors);
        }
        return created;
    }
}
