package io.junction.bridge.artemis;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQInterruptedException;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/** Maps Artemis failures to {@link ErrorKind}s by exception type, never by message text. */
final class Errors {
    private Errors() {
    }

    static BackendException classify(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof BackendException be) {
            return be;
        }
        if (c instanceof ActiveMQException e) {
            return new BackendException(kindOf(e), e.getType() + ": " + e.getMessage(), e);
        }
        if (c instanceof InterruptedException || c instanceof ActiveMQInterruptedException) {
            return new BackendException(ErrorKind.RETRIABLE, "interrupted", c);
        }
        // the client library's own runtime exceptions (e.g. a session factory closed under us) are transient
        return new BackendException(ErrorKind.RETRIABLE, String.valueOf(c), c);
    }

    static ErrorKind kindOf(ActiveMQException e) {
        return switch (e.getType()) {
            case ADDRESS_DOES_NOT_EXIST, QUEUE_DOES_NOT_EXIST -> ErrorKind.NOT_FOUND;
            case SECURITY_EXCEPTION, CLUSTER_SECURITY_EXCEPTION -> ErrorKind.UNAUTHORIZED;
            case ADDRESS_FULL -> ErrorKind.OVERLOADED;
            case NOT_CONNECTED, CONNECTION_TIMEDOUT, DISCONNECTED, UNBLOCKED, IO_ERROR, OBJECT_CLOSED,
                 SESSION_CREATION_REJECTED, REMOTE_DISCONNECT, TRANSACTION_OUTCOME_UNKNOWN,
                 LARGE_MESSAGE_INTERRUPTED, SHUTDOWN_ERROR, REPLICATION_TIMEOUT_ERROR, TIMEOUT_EXCEPTION ->
                    ErrorKind.RETRIABLE;
            default -> ErrorKind.TERMINAL;
        };
    }

    static BackendException closed() {
        return new BackendException(ErrorKind.CLOSED, "the Artemis backend is closed");
    }

    static BackendException of(ErrorKind kind, String message) {
        return new BackendException(kind, message);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
