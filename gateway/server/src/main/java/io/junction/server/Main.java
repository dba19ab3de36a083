package io.junction.server;

import io.junction.server.config.ConfigException;
import io.junction.server.config.ConfigLoader;
import io.junction.server.config.GatewayConfig;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java io.junction.server.Main [--config FILE] [--port N]}: runs the gateway until SIGTERM/SIGINT.
 * Exit codes: 1 when the gateway cannot start, 2 for a bad command line or
 * configuration (every configuration error is printed).
 */
public final class Main {
    private static final int STOP_TIMEOUT_SECONDS = 30;

    private Main() {
    }

    public static void main(String[] args) {
        Logging.routeEverythingToSlf4j();

        GatewayConfig config;
        try {
            config = configure(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: junction-server [--config FILE] [--port N]");
            System.exit(2);
            return;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int failure = start(config);
        if (failure != 0) {
            System.exit(failure);
        }
        // Vert.x's non-daemon threads keep the process running until a signal triggers the shutdown hook.
    }

    private static GatewayConfig configure(String[] args) {
        Path file = null;
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length || !(arg.equals("--config") || arg.equals("--port"))) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String value = args[++i];
            if (arg.equals("--config")) {
                file = Path.of(value);
            } else {
                port = parsePort(value);
            }
        }
        GatewayConfig config = ConfigLoader.withDiscoveredBackends().load(file, System.getenv());
        return port == null ? config : config.withPort(port);
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number between 0 and 65535 but was '" + value + "'");
    }

    /** @return 0 once the gateway serves, else the exit code */
    private static int start(GatewayConfig config) {
        Logger log = LoggerFactory.getLogger(Main.class);
        Vertx vertx = Vertx.vertx();
        GatewayServer server;
        try {
            server = GatewayServer.start(vertx, config).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigException ce) {
                System.err.println(ce.getMessage());
                closeQuietly(vertx);
                return 2;
            }
            log.error("the gateway did not start: {}", e.getCause().getMessage());
            log.debug("start failure", e.getCause());
            closeQuietly(vertx);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(vertx);
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            try {
                server.stop().transform(x -> vertx.close())
                        .toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("the gateway did not stop cleanly: {}", e.toString());
            }
            log.info("stopped");
        }, "junction-shutdown"));
        System.out.println("Junction gateway ready at " + server.url());
        return 0;
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // exiting anyway
        }
    }
}
