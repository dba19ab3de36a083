package io.junction.spi;

import java.util.Map;

/**
 * Creates backends of one broker type. Implementations are found with {@link java.util.ServiceLoader}
 * and must have a public no-argument constructor.
 */
public interface BackendFactory {
    /** The type name used in configuration, e.g. {@code artemis}. */
    String type();

    /**
     * Creates (but does not start) a backend.
     *
     * @param name     the configured instance name, for logs and metrics
     * @param settings broker-specific settings from the configuration, passed through as parsed
     * @throws IllegalArgumentException naming every invalid setting
     */
    Backend create(String name, Map<String, Object> settings);
}
