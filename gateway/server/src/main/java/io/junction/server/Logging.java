package io.junction.server;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Process-wide logging set-up for launchers. */
public final class Logging {
    private Logging() {
    }

    /**
     * Sends Vert.x and java.util.logging output through SLF4J (logback). Call first thing in
     * {@code main}, before any Vert.x or JUL logger exists.
     */
    public static void routeEverythingToSlf4j() {
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
