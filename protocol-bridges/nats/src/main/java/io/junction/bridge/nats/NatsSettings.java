package io.junction.bridge.nats;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.junction.bridge.support.SettingsReader;

/**
 * The validated settings of one NATS backend, from the {@code settings} map of its configuration.
 *
 * @param urls                server URLs ({@code url}: one, or several separated by commas); default {@code nats://127.0.0.1:4222}
 * @param user                user name, or null
 * @param password            password, or null; only together with {@code user}
 * @param token               authentication token, or null; not together with {@code user}
 * @param callTimeoutMs       bound on every broker request: a PubAck, an ack, a stream or consumer call (default 10000)
 * @param retryIntervalMs     pause between reconnect attempts, and before a subscriber binds again (default 1000)
 * @param shards              subject shards per topic: a key always maps to one of them (default 16)
 * @param replicas            stream replicas; 1 on a single server (default 1)
 * @param ackWaitMs           the consumers' AckWait: how long a dead gateway's deliveries stay reserved before
 *                            JetStream redelivers them; live ones are kept reserved (default 30000)
 * @param maxAckPending       the consumers' MaxAckPending: at least (maxInFlight + prefetch) x gateway instances (default 10000)
 * @param maxPendingPublishes messages sent and not yet acknowledged; more are refused as OVERLOADED (default 10000)
 * @param pollIntervalMs      how long one pull request waits on the broker; bounds how soon a closed subscriber
 *                            lets go (default 500)
 */
record NatsSettings(List<String> urls, String user, String password, String token, long callTimeoutMs,
                    long retryIntervalMs, int shards, int replicas, long ackWaitMs,
                    int maxAckPending, int maxPendingPublishes, long pollIntervalMs) {

    private static final Set<String> KNOWN = Set.of("url", "user", "password", "token", "callTimeoutMs",
            "retryIntervalMs", "shards", "replicas", "ackWaitMs", "maxAckPending",
            "maxPendingPublishes", "pollIntervalMs");

    /** Parses and validates; throws IllegalArgumentException naming every bad setting at once. */
    static NatsSettings parse(Map<String, Object> raw) {
        SettingsReader r = new SettingsReader(raw, KNOWN);
        List<String> urls = urls(r.string("url", "nats://127.0.0.1:4222"), r);
        String user = r.string("user", null);
        String password = r.string("password", null);
        String token = r.string("token", null);
        if (password != null && user == null) {
            r.problem("password: given without user");
        }
        if (token != null && user != null) {
            r.problem("token: give either user and password or a token");
        }
        NatsSettings parsed = new NatsSettings(urls, user, password, token,
                r.number("callTimeoutMs", 10_000, 1, Integer.MAX_VALUE),
                r.number("retryIntervalMs", 1_000, 1, Integer.MAX_VALUE),
                (int) r.number("shards", 16, 1, 1024),
                (int) r.number("replicas", 1, 1, 5),
                r.number("ackWaitMs", 30_000, 1_000, Integer.MAX_VALUE),
                (int) r.number("maxAckPending", 10_000, 1, Integer.MAX_VALUE),
                (int) r.number("maxPendingPublishes", 10_000, 1, Integer.MAX_VALUE),
                r.number("pollIntervalMs", 500, 10, 60_000));
        r.throwIfInvalid("NATS");
        return parsed;
    }

    private static List<String> urls(String value, SettingsReader r) {
        List<String> urls = new ArrayList<>();
        for (String part : value.split(",")) {
            String url = part.trim();
            try {
                URI uri = new URI(url);
                if (uri.getHost() == null || !Set.of("nats", "tls", "ws", "wss").contains(uri.getScheme())) {
                    throw new URISyntaxException(url, "expected nats://host:port");
                }
                urls.add(url);
            } catch (URISyntaxException e) {
                r.problem("url: not a NATS URL: '" + url + "' (" + e.getReason() + ")");
            }
        }
        return List.copyOf(urls);
    }

    @Override
    public String toString() { // never print the password or the token
        return "NatsSettings[urls=" + urls + ", user=" + user + ", token=" + (token == null ? "none" : "***")
                + ", callTimeoutMs=" + callTimeoutMs + ", retryIntervalMs=" + retryIntervalMs
                + ", shards=" + shards + ", replicas=" + replicas
                + ", ackWaitMs=" + ackWaitMs + ", maxAckPending=" + maxAckPending
                + ", maxPendingPublishes=" + maxPendingPublishes + ", pollIntervalMs=" + pollIntervalMs + "]";
    }
}
