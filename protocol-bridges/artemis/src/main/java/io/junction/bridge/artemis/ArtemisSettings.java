package io.junction.bridge.artemis;

import java.util.Map;
import java.util.Set;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;

import io.junction.bridge.support.SettingsReader;

/**
 * The validated settings of one Artemis backend, from the {@code settings} map of its configuration.
 *
 * @param url                 core client URL, e.g. {@code tcp://127.0.0.1:61616} (default)
 * @param user                user name, or null for none
 * @param password            password, or null; only together with {@code user}
 * @param callTimeoutMs       bound on every blocking broker call and on a publish's confirmation (default 10000)
 * @param reconnectAttempts   reconnects after a connection failure; -1 = forever (default), 0 = none
 * @param retryIntervalMs     pause between (re)connect attempts (default 1000)
 * @param publisherThreads    publisher threads, each with its own session (default 2)
 * @param maxPendingPublishes messages accepted but not yet confirmed; more are refused as OVERLOADED (default 10000)
 * @param addressCacheMs      how long a topic seen to exist is trusted before publishing checks again (default 1000; 0 = every publish)
 * @param pollIntervalMs      how long an idle subscriber waits for a message before looking at its other work (default 200)
 * @param managementAddress   the broker's management address, used to delete topics and subscriptions (default {@code activemq.management})
 */
record ArtemisSettings(String url, String user, String password, long callTimeoutMs, int reconnectAttempts,
                       long retryIntervalMs, int publisherThreads, int maxPendingPublishes, long addressCacheMs,
                       long pollIntervalMs, String managementAddress) {

    private static final Set<String> KNOWN = Set.of("url", "user", "password", "callTimeoutMs", "reconnectAttempts",
            "retryIntervalMs", "publisherThreads", "maxPendingPublishes", "addressCacheMs", "pollIntervalMs",
            "managementAddress");

    /** Parses and validates; throws IllegalArgumentException naming every bad setting at once. */
    static ArtemisSettings parse(Map<String, Object> raw) {
        SettingsReader r = new SettingsReader(raw, KNOWN);
        String url = r.string("url", "tcp://127.0.0.1:61616");
        String user = r.string("user", null);
        String password = r.string("password", null);
        if (password != null && user == null) {
            r.problem("password: given without user");
        }
        ArtemisSettings parsed = new ArtemisSettings(url, user, password,
                r.number("callTimeoutMs", 10_000, 1, Integer.MAX_VALUE),
                (int) r.number("reconnectAttempts", -1, -1, Integer.MAX_VALUE),
                r.number("retryIntervalMs", 1_000, 1, Integer.MAX_VALUE),
                (int) r.number("publisherThreads", 2, 1, 256),
                (int) r.number("maxPendingPublishes", 10_000, 1, Integer.MAX_VALUE),
                r.number("addressCacheMs", 1_000, 0, Integer.MAX_VALUE),
                r.number("pollIntervalMs", 200, 1, 60_000),
                r.string("managementAddress", "activemq.management"));
        if (url != null) {
            checkUrl(url, r);
        }
        r.throwIfInvalid("Artemis");
        return parsed;
    }

    private static void checkUrl(String url, SettingsReader r) {
        try {
            ActiveMQClient.createServerLocator(url).close(); // parsing is the check; nothing connects
        } catch (Exception e) {
            r.problem("url: not an Artemis core URL: '" + url + "' (" + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() { // never print the password
        return "ArtemisSettings[url=" + url + ", user=" + user + ", callTimeoutMs=" + callTimeoutMs
                + ", reconnectAttempts=" + reconnectAttempts + ", retryIntervalMs=" + retryIntervalMs
                + ", publisherThreads=" + publisherThreads + ", maxPendingPublishes=" + maxPendingPublishes
                + ", addressCacheMs=" + addressCacheMs + ", pollIntervalMs=" + pollIntervalMs
                + ", managementAddress=" + managementAddress + "]";
    }
}
