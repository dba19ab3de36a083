package io.junction.bridge.rabbitmq;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import com.rabbitmq.client.ConnectionFactory;

import io.junction.bridge.support.SettingsReader;

/**
 * The validated settings of one RabbitMQ backend, from the {@code settings} map of its configuration.
 *
 * @param uri                 AMQP 0-9-1 URI with credentials and virtual host (default
 *                            {@code amqp://guest:guest@127.0.0.1:5672/%2F}; {@code amqps://} for TLS)
 * @param managementUrl       the management HTTP API, used only to find a topic's subscriptions when it is deleted
 *                            (default {@code http://<uri host>:15672}); same credentials as {@code uri}
 * @param shards              shard queues of a new subscription (1..100, default 4); an existing subscription keeps
 *                            the number it was created with, so its keys keep their shards
 * @param callTimeoutMs       bound on every broker call, connection attempt and publish confirmation (default 10000)
 * @param retryIntervalMs     pause between reconnection attempts, and before a subscriber tries again (default 1000)
 * @param publisherChannels   publisher threads, each with its own confirming channel (default 2)
 * @param maxPendingPublishes messages accepted but not yet confirmed; more are refused as OVERLOADED (default 10000)
 * @param topicCacheMs        how long a topic seen to exist is trusted before publishing checks again (default 1000; 0 = every publish)
 * @param heartbeatSeconds    AMQP heartbeat: a silent connection is declared dead after about twice this (default 10; 0 = off)
 */
record RabbitMqSettings(String uri, String managementUrl, int shards, long callTimeoutMs, long retryIntervalMs,
                        int publisherChannels, int maxPendingPublishes, long topicCacheMs, int heartbeatSeconds) {

    static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2F";
    static final int MAX_SHARDS = 100;
    private static final Set<String> KNOWN = Set.of("uri", "managementUrl", "shards", "callTimeoutMs", "retryIntervalMs",
            "publisherChannels", "maxPendingPublishes", "topicCacheMs", "heartbeatSeconds");

    /** Parses and validates; throws IllegalArgumentException naming every bad setting at once. */
    static RabbitMqSettings parse(Map<String, Object> raw) {
        SettingsReader r = new SettingsReader(raw, KNOWN);
        String uri = r.secretString("uri", DEFAULT_URI);
        ConnectionFactory parsed = new ConnectionFactory();
        try {
            parsed.setUri(uri); // parsing is the check; nothing connects
        } catch (Exception e) {
            r.problem("uri: not an AMQP URI (" + e.getClass().getSimpleName() + ")");
        }
        String managementUrl = r.secretString("managementUrl", "http://" + parsed.getHost() + ":15672");
        checkHttpUrl(managementUrl, r);
        RabbitMqSettings result = new RabbitMqSettings(uri, stripTrailingSlash(managementUrl),
                (int) r.number("shards", 4, 1, MAX_SHARDS),
                r.number("callTimeoutMs", 10_000, 1, Integer.MAX_VALUE),
                r.number("retryIntervalMs", 1_000, 1, Integer.MAX_VALUE),
                (int) r.number("publisherChannels", 2, 1, 256),
                (int) r.number("maxPendingPublishes", 10_000, 1, Integer.MAX_VALUE),
                r.number("topicCacheMs", 1_000, 0, Integer.MAX_VALUE),
                (int) r.number("heartbeatSeconds", 10, 0, 65_535));
        r.throwIfInvalid("RabbitMQ");
        return result;
    }

    /** A connection factory for {@link #uri}; timeouts from {@link #callTimeoutMs}, no automatic recovery (see {@link Connector}). */
    ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalStateException("uri was validated at parse time", e);
        }
        int timeout = (int) Math.min(Integer.MAX_VALUE, callTimeoutMs);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setConnectionTimeout(timeout);
        factory.setHandshakeTimeout(timeout);
        factory.setChannelRpcTimeout(timeout);
        factory.setRequestedHeartbeat(heartbeatSeconds);
        return factory;
    }

    private static void checkHttpUrl(String url, SettingsReader r) {
        try {
            URI parsed = URI.create(url);
            if (!("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme())) || parsed.getHost() == null) {
                r.problem("managementUrl: must be an http(s) URL with a host (got '" + url + "')");
            }
        } catch (IllegalArgumentException e) {
            r.problem("managementUrl: not a URL (got '" + url + "')");
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() { // never print the password
        return "RabbitMqSettings[uri=" + redacted(uri) + ", managementUrl=" + managementUrl + ", shards=" + shards
                + ", callTimeoutMs=" + callTimeoutMs + ", retryIntervalMs=" + retryIntervalMs
                + ", publisherChannels=" + publisherChannels + ", maxPendingPublishes=" + maxPendingPublishes
                + ", topicCacheMs=" + topicCacheMs + ", heartbeatSeconds=" + heartbeatSeconds + "]";
    }

    /** The URI without its password. */
    static String redacted(String uri) {
        try {
            URI u = URI.create(uri);
            String user = u.getUserInfo() == null ? "" : u.getUserInfo().split(":", 2)[0] + ":***@";
            return u.getScheme() + "://" + user + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(unparseable URI)";
        }
    }
}
