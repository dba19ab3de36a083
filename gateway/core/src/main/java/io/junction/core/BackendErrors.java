package io.junction.core;

import io.junction.spi.BackendException;
import io.junction.spi.ErrorKind;

/** Translates adapter failures ({@link ErrorKind}) into the gateway's {@link ErrorType}s. */
final class BackendErrors {
    private BackendErrors() {
    }

    /**
     * @param notFound what a NOT_FOUND from the backend means in this call's context
     */
    static JunctionException translate(Throwable failure, ErrorType notFound, String what) {
        Throwable t = unwrap(failure);
        if (t instanceof JunctionException je) {
            return je;
        }
        ErrorKind kind = BackendException.kindOf(t);
        String reason = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return switch (kind) {
            case NOT_FOUND -> new JunctionException(notFound, what + " does not exist on the broker", t);
            case RETRIABLE -> new JunctionException(ErrorType.BACKEND_UNAVAILABLE,
                    "The broker did not confirm " + what + " (" + reason + "); retrying is safe", t);
            case OVERLOADED -> new JunctionException(ErrorType.BACKEND_UNAVAILABLE,
                    "The broker is overloaded; retry later", t);
            case CLOSED -> new JunctionException(ErrorType.SHUTTING_DOWN,
                    "The gateway is shutting down; retry on another instance", t);
            case UNSUPPORTED -> new JunctionException(ErrorType.CAPABILITY_UNSUPPORTED, reason, t);
            case UNAUTHORIZED -> new JunctionException(ErrorType.BACKEND_REJECTED,
                    "The broker refused the gateway's credentials for " + what, t);
            case TERMINAL -> new JunctionException(ErrorType.BACKEND_REJECTED,
                    "The broker rejected " + what + ": " + reason, t);
        };
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
