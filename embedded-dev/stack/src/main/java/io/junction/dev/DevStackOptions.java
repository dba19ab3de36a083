package io.junction.dev;

import io.junction.embedded.EmbeddedBrokers;

import java.nio.file.Path;

/**
 * The dev stack's command line.
 *
 * @param backend    the embedded broker to start (see {@link EmbeddedBrokers#names()}); {@code artemis} by default
 * @param port       gateway HTTP port, or null for the configuration's (8080 by default); 0 picks a free one
 * @param brokerPort broker port, or null for the broker's usual one; 0 picks a free one
 * @param config     a gateway configuration file, or null for the embedded defaults
 * @param dataDir    data directory, or null for {@code JUNCTION_DATA_DIR} or {@code ./.junction/data}
 */
record DevStackOptions(String backend, Integer port, Integer brokerPort, Path config, Path dataDir) {
    static final String USAGE = "usage: ./junction dev [--backend " + String.join("|", EmbeddedBrokers.names())
            + "] [--port N] [--broker-port N] [--config FILE] [--data-dir DIR]";

    /** @throws IllegalArgumentException naming the bad argument */
    static DevStackOptions parse(String[] args) {
        String backend = "artemis";
        Integer port = null;
        Integer brokerPort = null;
        Path config = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--backend" -> backend = value;
                case "--port" -> port = port(name, value);
                case "--broker-port" -> brokerPort = port(name, value);
                case "--config" -> config = Path.of(value);
                case "--data-dir" -> dataDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (!EmbeddedBrokers.names().contains(backend)) {
            throw new IllegalArgumentException("--backend must be one of " + EmbeddedBrokers.names() + " but was '" + backend + "'");
        }
        return new DevStackOptions(backend, port, brokerPort, config, dataDir);
    }

    private static int port(String name, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a port number 0..65535 but was '" + value + "'");
    }
}
