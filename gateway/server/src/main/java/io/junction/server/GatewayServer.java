package io.junction.server;

import io.junction.core.BackendRouter;
import io.junction.core.CoreMetrics;
import io.junction.core.JunctionCore;
import io.junction.core.catalog.FileCatalogStore;
import io.junction.server.config.ConfigException;
import io.junction.server.config.GatewayConfig;
import io.junction.server.internal.backend.BackendFactories;
import io.junction.server.internal.http.ApiRouter;
import io.junction.server.internal.metrics.GatewayMeterRegistry;
import io.junction.spi.Backend;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.Map;

/**
 * A running gateway: its backends, the core engine and the HTTP API. Start it with {@link #start}; stop it
 * with {@link #stop()}, which closes the HTTP server first and then the core (and with it the backends).
 */
public final class GatewayServer {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** Room for the 8 KiB of custom message headers on top of ordinary ones (Netty's default is 8 KiB in all). */
    private static final int MAX_HEADER_BYTES = 32 * 1024;

    private final JunctionCore core;
    private final GatewayMeterRegistry meters;
    private final HttpServer http;
    private final Router router;
    private final String host;
    private Future<Void> stopped;

    private GatewayServer(JunctionCore core, GatewayMeterRegistry meters, HttpServer http, Router router, String host) {
        this.core = core;
        this.host = host;
        this.meters = meters;
        this.http = http;
        this.router = router;
    }

    /**
     * Creates the configured backends through their {@link io.junction.spi.BackendFactory} and starts.
     * Fails with a {@link ConfigException} when a backend type is unknown or its settings are invalid.
     */
    public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config) {
        Map<String, Backend> backends;
        try {
            backends = BackendFactories.discover().createAll(config.backends());
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        return start(vertx, config, backends);
    }

    /**
     * Starts on backends built by the caller (created, not started); {@code config.backends()} is not used.
     * The server owns the backends from here on: it starts them and closes them on {@link #stop()}.
     */
    public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, Map<String, Backend> backends) {
        BackendRouter backendRouter;
        try {
            backendRouter = new BackendRouter(backends, config.routes(), config.defaultBackend());
        } catch (IllegalArgumentException e) {
            backends.values().forEach(Backend::close);
            return Future.failedFuture(e);
        }
        // Creating the data dir and probing it for the disk meters is file I/O: off the event loop.
        return vertx.executeBlocking(() -> new GatewayMeterRegistry(Files.createDirectories(config.dataDir())))
                .compose(meters -> JunctionCore.start(vertx, config.core(), backendRouter,
                                new FileCatalogStore(config.dataDir()), new CoreMetrics(meters.registry()))
                        .onFailure(err -> meters.close())
                        .compose(core -> listen(vertx, config, core, meters)
                                .onFailure(err -> core.close().onComplete(x -> meters.close()))))
                .onFailure(err -> backends.values().forEach(Backend::close))
                .onSuccess(server -> LOG.info("Junction gateway listening on {} (data in {}, backends {})",
                        server.url(), config.dataDir(), backends.keySet()));
    }

    private static Future<GatewayServer> listen(Vertx vertx, GatewayConfig config, JunctionCore core,
                                                GatewayMeterRegistry meters) {
        return ApiRouter.create(vertx, core, meters.registry())
                .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                                .setHost(config.host())
                                .setPort(config.port())
                                .setMaxHeaderSize(MAX_HEADER_BYTES))
                        .requestHandler(router)
                        .listen()
                        .map(http -> new GatewayServer(core, meters, http, router, config.host())));
    }

    /** The port the HTTP server listens on (the chosen one when the configuration said 0). */
    public int port() {
        return http.actualPort();
    }

    /** A URL clients on this machine can use: the configured host, or loopback when it is a wildcard address. */
    public String url() {
        return url("0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host);
    }

    /** {@code http://host:port} for the given host name or address and the actual port. */
    public String url(String hostName) {
        return "http://" + (hostName.contains(":") ? "[" + hostName + "]" : hostName) + ":" + port();
    }

    /**
     * Stops accepting requests, then closes the core and the backends. Idempotent. The returned future is
     * bound to no event loop, so a caller may chain {@code vertx.close()} onto it.
     */
    public synchronized Future<Void> stop() {
        if (stopped == null) {
            Promise<Void> done = Promise.promise();
            http.close()
                    .transform(x -> core.close())
                    .onComplete(x -> meters.close())
                    .onComplete(done);
            stopped = done.future();
        }
        return stopped;
    }

    /** The HTTP router, for tests that compare its routes with the contract. */
    Router router() {
        return router;
    }
}
