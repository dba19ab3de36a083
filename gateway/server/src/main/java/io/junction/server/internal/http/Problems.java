package io.junction.server.internal.http;

import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error as an RFC 9457 {@code application/problem+json} document typed by {@link ErrorType},
 * and is the router's failure handler. Unexpected exceptions become a 500 with a generic detail; the
 * exception is logged with the correlation id that the problem also carries.
 */
final class Problems implements Handler<RoutingContext> {
    static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    @Override
    public void handle(RoutingContext rc) {
        JunctionException problem = classify(rc.failure(), rc.statusCode());
        if (problem == null) {
            LOG.error("unexpected failure handling {} {} (correlation id {})", rc.request().method(), rc.request().path(),
                    CorrelationIds.of(rc), rc.failure());
            problem = new JunctionException(ErrorType.INTERNAL,
                    "an unexpected error occurred; quote correlation id " + CorrelationIds.of(rc) + " when reporting it");
        } else if (problem.type() == ErrorType.INTERNAL && problem.getCause() != null) {
            LOG.error("internal error (correlation id {})", CorrelationIds.of(rc), problem.getCause());
        }
        send(rc, problem);
    }

    static void send(RoutingContext rc, ErrorType type, String detail) {
        send(rc, new JunctionException(type, detail));
    }

    static void send(RoutingContext rc, JunctionException problem) {
        HttpServerResponse response = rc.response();
        if (response.headWritten()) {
            // Too late for a problem document: cut the response short so the client sees a failure.
            response.reset();
            return;
        }
        ErrorType type = problem.type();
        JsonObject body = new JsonObject()
                .put("type", type.typeUri())
                .put("title", type.title())
                .put("status", type.status())
                .put("detail", problem.detail())
                .put("instance", rc.request().path())
                .put("correlationId", CorrelationIds.of(rc));
        response.setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
        if (type.retryable()) {
            response.putHeader(HttpHeaders.RETRY_AFTER, type.status() == 429 ? "1" : "5");
        }
        response.end(body.toBuffer());
    }

    /** @return null when the failure is not a client-facing one (an unexpected exception) */
    private static JunctionException classify(Throwable failure, int status) {
        if (failure instanceof JunctionException je) {
            return je;
        }
        if (failure instanceof HttpException he) {
            if (he.getCause() instanceof ValidatorException ve) {
                return ValidationErrors.toProblem(ve);
            }
            return forStatus(he.getStatusCode());
        }
        return failure == null ? forStatus(status) : null;
    }

    private static JunctionException forStatus(int status) {
        ErrorType type = switch (status) {
            case 400 -> ErrorType.MALFORMED_REQUEST;
            case 404 -> ErrorType.NOT_FOUND;
            case 405 -> ErrorType.METHOD_NOT_ALLOWED;
            case 413 -> ErrorType.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorType.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorType.TOO_MANY_REQUESTS;
            default -> status >= 400 && status < 500 ? ErrorType.INVALID_REQUEST : null;
        };
        return type == null ? null : new JunctionException(type, type.title().toLowerCase() + " (HTTP " + status + ")");
    }
}
