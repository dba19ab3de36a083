package io.junction.bridge.rabbitmq;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/**
 * Maps AMQP failures to {@link ErrorKind}s by exception type and by the protocol's reply code (a number the
 * broker sends with every channel or connection close), never by message text.
 */
final class Errors {
    private Errors() {
    }

    static BackendException classify(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof BackendException be) {
            return be;
        }
        if (c instanceof AlreadyClosedException closed) {
            // the call never reached the broker: the channel or connection was already gone
            return new BackendException(ErrorKind.RETRIABLE, "channel or connection closed: " + closed.getMessage(), closed);
        }
        ShutdownSignalException signal = signalOf(c);
        if (signal != null) {
            return new BackendException(kindOf(signal), signal.getMessage(), c);
        }
        if (c instanceof PossibleAuthenticationFailureException auth) {
            return new BackendException(ErrorKind.UNAUTHORIZED, "RabbitMQ refused the credentials: " + auth.getMessage(), auth);
        }
        if (c instanceof InterruptedException) {
            return new BackendException(ErrorKind.RETRIABLE, "interrupted", c);
        }
        // sockets, timeouts, missed heartbeats, the client's own runtime failures: transient
        return new BackendException(ErrorKind.RETRIABLE, String.valueOf(c), c);
    }

    /** The reply code of a channel or connection close, 0 when the signal carries none (e.g. a lost socket). */
    static int replyCode(ShutdownSignalException signal) {
        Method reason = signal.getReason();
        if (reason instanceof AMQP.Channel.Close close) {
            return close.getReplyCode();
        }
        if (reason instanceof AMQP.Connection.Close close) {
            return close.getReplyCode();
        }
        return 0;
    }

    static ErrorKind kindOf(ShutdownSignalException signal) {
        return switch (replyCode(signal)) {
            case AMQP.NOT_FOUND -> ErrorKind.NOT_FOUND;
            case AMQP.ACCESS_REFUSED -> ErrorKind.UNAUTHORIZED;
            case AMQP.RESOURCE_ERROR -> ErrorKind.OVERLOADED;
            case AMQP.PRECONDITION_FAILED, AMQP.NOT_ALLOWED, AMQP.NOT_IMPLEMENTED, AMQP.COMMAND_INVALID,
                 AMQP.SYNTAX_ERROR, AMQP.FRAME_ERROR, AMQP.CHANNEL_ERROR, AMQP.UNEXPECTED_FRAME,
                 AMQP.INVALID_PATH, AMQP.CONTENT_TOO_LARGE -> ErrorKind.TERMINAL;
            // CONNECTION_FORCED (broker stopping), RESOURCE_LOCKED, INTERNAL_ERROR, a lost socket (0): transient
            default -> ErrorKind.RETRIABLE;
        };
    }

    static BackendException closed() {
        return new BackendException(ErrorKind.CLOSED, "the RabbitMQ backend is closed");
    }

    static BackendException of(ErrorKind kind, String message) {
        return new BackendException(kind, message);
    }

    /** True when {@code t} is the broker answering 404 NOT_FOUND (a passive declare of something absent). */
    static boolean isNotFound(Throwable t) {
        Throwable c = unwrap(t);
        ShutdownSignalException signal = c instanceof AlreadyClosedException ? null : signalOf(c);
        return signal != null && replyCode(signal) == AMQP.NOT_FOUND;
    }

    /** The client wraps the broker's channel close of a synchronous call in an IOException. */
    private static ShutdownSignalException signalOf(Throwable c) {
        if (c instanceof ShutdownSignalException s) {
            return s;
        }
        return c != null && c.getCause() instanceof ShutdownSignalException s ? s : null;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
