package io.junction.server.internal.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every request a correlation id, echoed as {@code X-Request-Id} on its response and quoted in
 * problems and logs: the request's own {@code X-Request-Id} when usable, else the trace id of its W3C
 * {@code traceparent}, else a new random id.
 */
final class CorrelationIds implements Handler<RoutingContext> {
    private static final String HEADER = "X-Request-Id";
    private static final String KEY = "junction.correlationId";
    private static final Pattern USABLE = Pattern.compile("[\\x21-\\x7E]{1,200}");
    /** New ids: 32 lower-case hex digits, like a W3C trace id (String.format cost more than the rest of this handler). */
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}.*");

    static String of(RoutingContext rc) {
        String id = rc.get(KEY);
        return id == null ? "unknown" : id;
    }

    @Override
    public void handle(RoutingContext rc) {
        String id = choose(rc.request().getHeader(HEADER), rc.request().getHeader("traceparent"));
        rc.put(KEY, id);
        rc.response().putHeader(HEADER, id);
        rc.next();
    }

    static String choose(String requestId, String traceparent) {
        if (requestId != null && USABLE.matcher(requestId.trim()).matches()) {
            return requestId.trim();
        }
        if (traceparent != null) {
            Matcher m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches()) {
                return m.group(1);
            }
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
