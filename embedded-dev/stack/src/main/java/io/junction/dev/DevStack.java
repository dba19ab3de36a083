package io.junction.dev;

import io.junction.embedded.EmbeddedBroker;
import io.junction.embedded.EmbeddedBrokers;
import io.junction.server.GatewayServer;
import io.junction.server.Logging;
import io.junction.server.config.ConfigException;
import io.junction.server.config.ConfigLoader;
import io.junction.server.config.GatewayConfig;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./junction dev}: an embedded broker and the gateway in one process. The broker starts first
 * and stops last; a shutdown hook (Ctrl-C, SIGTERM) stops both. After a {@code kill -9} nothing is left
 * behind but the data dir, which the next start reuses (the broker's journal recovers it).
 */
public final class DevStack {
    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
    private static final int STOP_TIMEOUT_SECONDS = 30;

    private DevStack() {
    }

    public static void main(String[] args) {
        Logging.routeEverythingToSlf4j();
        DevStackOptions options;
        GatewayConfig config;
        try {
            options = DevStackOptions.parse(args);
            config = ConfigLoader.withDiscoveredBackends().load(options.config(), System.getenv());
        } catch (IllegalArgumentException | ConfigException e) {
            System.err.println(e.getMessage());
            System.err.println(DevStackOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, config);
        } catch (Exception e) {
            LOG.error("the dev stack did not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    private static void run(DevStackOptions options, GatewayConfig fileConfig) throws Exception {
        GatewayConfig config = options.dataDir() == null ? fileConfig : fileConfig.withDataDir(options.dataDir());
        if (options.port() != null) {
            config = config.withPort(options.port());
        }
        EmbeddedBroker broker = EmbeddedBrokers.start(options.backend(), config.dataDir().toAbsolutePath(), options.brokerPort());
        if (options.config() == null) {
            // No file: the gateway's one backend is the broker just started, wherever it listens.
            config = withBackend(config, broker.backendType(), broker.backendSettings());
        }
        Vertx vertx = Vertx.vertx();
        GatewayServer server;
        try {
            server = GatewayServer.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            broker.close();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, vertx, broker), "junction-dev-shutdown"));
        String host = "0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host();
        System.out.println("Junction dev stack ready");
        System.out.println("  gateway   " + server.url(host) + "   (OpenAPI " + server.url(host) + "/openapi.yaml, metrics /metrics)");
        System.out.println("  broker    " + broker.describe());
        System.out.println("  data dir  " + config.dataDir().toAbsolutePath().normalize());
        System.out.println("Ctrl-C stops both.");
        System.out.flush();
    }

    private static GatewayConfig withBackend(GatewayConfig c, String type, Map<String, Object> settings) {
        return new GatewayConfig(c.host(), c.port(), c.defaultBackend(),
                Map.of(c.defaultBackend(), new GatewayConfig.BackendConfig(type, settings)), c.routes(), c.core());
    }

    private static void stop(GatewayServer server, Vertx vertx, EmbeddedBroker broker) {
        try {
            server.stop().transform(x -> vertx.close())
                    .toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the gateway did not stop cleanly: {}", e.toString());
        }
        try {
            broker.close();
        } catch (Exception e) {
            LOG.warn("the broker did not stop cleanly: {}", e.toString());
        }
        System.out.println("Junction dev stack stopped");
    }
}
