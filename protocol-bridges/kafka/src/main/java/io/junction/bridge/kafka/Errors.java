package io.junction.bridge.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.ThrottlingQuotaExceededException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.clients.producer.BufferExhaustedException;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/** Maps Kafka failures to {@link ErrorKind}s by exception type, never by message text. */
final class Errors {
    private Errors() {
    }

    static BackendException classify(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof BackendException be) {
            return be;
        }
        return new BackendException(kindOf(c), c.getClass().getSimpleName() + ": " + c.getMessage(), c);
    }

    /**
     * The kind of a Kafka exception. Checked in this order: {@code UnknownTopicOrPartitionException} and
     * {@code ThrottlingQuotaExceededException} are retriable for the client library but mean "not found" and
     * "overloaded" to a caller; an error the broker answered a request with is permanent for that request
     * unless Kafka marks it retriable; everything else (timeouts, lost connections, a closed or interrupted
     * client, a commit cut short by a rebalance) is transient.
     */
    static ErrorKind kindOf(Throwable c) {
        if (c instanceof UnknownTopicOrPartitionException || c instanceof GroupIdNotFoundException) {
            return ErrorKind.NOT_FOUND;
        }
        if (c instanceof AuthorizationException || c instanceof AuthenticationException) {
            return ErrorKind.UNAUTHORIZED;
        }
        if (c instanceof ThrottlingQuotaExceededException || c instanceof BufferExhaustedException) {
            return ErrorKind.OVERLOADED;
        }
        if (c instanceof UnsupportedVersionException) {
            return ErrorKind.UNSUPPORTED;
        }
        if (c instanceof ApiException && !(c instanceof RetriableException)) {
            return ErrorKind.TERMINAL;
        }
        return ErrorKind.RETRIABLE;
    }

    static BackendException closed() {
        return new BackendException(ErrorKind.CLOSED, "the Kafka backend is closed");
    }

    static BackendException of(ErrorKind kind, String message) {
        return new BackendException(kind, message);
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
