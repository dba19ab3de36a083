package io.junction.server.internal.http;

import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.ToLongFunction;

/**
 * Reads the whole request body, as raw bytes whatever its content type, into memory up to a limit chosen
 * per request; a larger body fails with 413 as soon as its declared length or the bytes received so far
 * exceed the limit, so it is never buffered whole. Unlike vertx-web's BodyHandler it never parses forms or
 * multipart bodies, which a raw publish must keep byte for byte.
 */
final class BoundedBodyReader implements Handler<RoutingContext> {
    private static final String KEY = "junction.body";

    private final ToLongFunction<HttpServerRequest> limitFor;

    BoundedBodyReader(ToLongFunction<HttpServerRequest> limitFor) {
        this.limitFor = limitFor;
    }

    /** The body read for this request; empty when it had none. */
    static Buffer body(RoutingContext rc) {
        Buffer body = rc.get(KEY);
        return body == null ? Buffer.buffer() : body;
    }

    @Override
    public void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long limit = limitFor.applyAsLong(request);
        long declared = declaredLength(request);
        if (declared > limit) {
            rc.fail(tooLarge(limit));
            return;
        }
        if (request.isEnded()) {
            rc.next();
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        Buffer body = Buffer.buffer((int) Math.min(Math.max(declared, 0), 64 * 1024));
        boolean[] failed = {false};
        request.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                failed[0] = true;
                rc.fail(tooLarge(limit));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(err -> {
            if (!failed[0]) {
                failed[0] = true;
                rc.fail(err);
            }
        });
        request.endHandler(v -> {
            if (!failed[0]) {
                rc.put(KEY, body);
                rc.next();
            }
        });
        request.resume();
    }

    private static long declaredLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static JunctionException tooLarge(long limit) {
        return new JunctionException(ErrorType.PAYLOAD_TOO_LARGE, "the request body exceeds " + limit + " bytes");
    }
}
