package io.junction.bridge.nats;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.nats.client.AuthenticationException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/**
 * Maps NATS failures to {@link ErrorKind}s by exception type and, for JetStream API errors, by the
 * server's numeric error code (see nats-server's {@code errors.json}); never by message text.
 */
final class Errors {
    static final int STREAM_NOT_FOUND = 10059;
    static final int CONSUMER_NOT_FOUND = 10014;
    private static final int CLUSTER_NOT_AVAILABLE = 10008;
    private static final int ACCOUNT_RESOURCES_EXCEEDED = 10002;
    private static final int INSUFFICIENT_RESOURCES = 10023;
    private static final int STORAGE_RESOURCES_EXCEEDED = 10047;
    private static final int MEMORY_RESOURCES_EXCEEDED = 10028;
    /** The status of a request nobody subscribes to, e.g. a publish to a subject no stream captures. */
    private static final int NO_RESPONDERS = 503;

    private Errors() {
    }

    static BackendException classify(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof BackendException be) {
            return be;
        }
        if (c instanceof JetStreamApiException e) {
            return new BackendException(kindOf(e), "JetStream error " + e.getApiErrorCode() + ": " + e.getErrorDescription(), e);
        }
        if (c instanceof AuthenticationException) {
            return new BackendException(ErrorKind.UNAUTHORIZED, c.getMessage(), c);
        }
        if (c instanceof IllegalArgumentException) { // e.g. a message over the server's max_payload
            return new BackendException(ErrorKind.TERMINAL, c.getMessage(), c);
        }
        // the rest is transient: I/O errors, timeouts (TimeoutException, CancellationException), no responders
        // (JetStreamStatusException 503), a closed connection or a full outgoing buffer (IllegalStateException)
        return new BackendException(ErrorKind.RETRIABLE, String.valueOf(c), c);
    }

    static ErrorKind kindOf(JetStreamApiException e) {
        return switch (e.getApiErrorCode()) {
            case STREAM_NOT_FOUND, CONSUMER_NOT_FOUND -> ErrorKind.NOT_FOUND;
            case ACCOUNT_RESOURCES_EXCEEDED, INSUFFICIENT_RESOURCES, STORAGE_RESOURCES_EXCEEDED,
                 MEMORY_RESOURCES_EXCEEDED -> ErrorKind.OVERLOADED;
            case CLUSTER_NOT_AVAILABLE -> ErrorKind.RETRIABLE;
            default -> switch (e.getErrorCode()) {
                case 401, 403 -> ErrorKind.UNAUTHORIZED;
                case 503 -> ErrorKind.RETRIABLE;
                default -> ErrorKind.TERMINAL;
            };
        };
    }

    /** True when a request found no subscriber for its subject. */
    static boolean isNoResponders(Throwable t) {
        return unwrap(t) instanceof JetStreamStatusException e && e.getStatus() != null
                && e.getStatus().getCode() == NO_RESPONDERS;
    }

    /** A request NATS did not answer in time; classified RETRIABLE. */
    static TimeoutException noAnswer(String what, long ms) {
        return new TimeoutException(what + ": no answer from NATS within " + ms + " ms");
    }

        static BackendException closed() {
        return new BackendException(ErrorKind.CLOSED, "the NATS backend is closed");
    }

    static BackendException of(ErrorKind kind, String message) {
        return new BackendException(kind, message);
    }

    /** Strips completion wrappers, and the bare RuntimeException jnats wraps its checked exceptions in. */
    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c instanceof CompletionException || c instanceof ExecutionException
                || c.getClass() == RuntimeException.class)) {
            c = c.getCause();
        }
        return c;
    }
}
