/**
 * The gateway's HTTP server: {@link io.junction.server.GatewayServer} to run it from code (tests, the dev
 * stack), {@link io.junction.server.Main} to run it as a process, and {@code io.junction.server.config} for
 * its configuration. Everything under {@code io.junction.server.internal} is implementation, not API.
 */
package io.junction.server;
