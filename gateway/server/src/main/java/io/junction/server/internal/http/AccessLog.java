package io.junction.server.internal.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request at DEBUG on logger {@code io.junction.server.access}; free when that level is off. */
final class AccessLog implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger("io.junction.server.access");

    @Override
    public void handle(RoutingContext rc) {
        if (LOG.isDebugEnabled()) {
            long start = System.nanoTime();
            rc.addEndHandler(ar -> LOG.debug("{} {} {} {}ms id={}", rc.request().method(), rc.request().path(),
                    rc.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000, CorrelationIds.of(rc)));
        }
        rc.next();
    }
}
