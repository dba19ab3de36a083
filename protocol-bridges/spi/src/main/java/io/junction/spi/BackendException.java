package io.junction.spi;

import java.util.Objects;

/** The only exception type an adapter completes its stages with. */
public class BackendException extends RuntimeException {
    private final ErrorKind kind;

    public BackendException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public BackendException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Unwraps completion wrappers and returns the error kind, {@link ErrorKind#RETRIABLE} for foreign exceptions. */
    public static ErrorKind kindOf(Throwable t) {
        Throwable c = t;
        while (c != null) {
            if (c instanceof BackendException be) {
                return be.kind;
            }
            c = c.getCause();
        }
        return ErrorKind.RETRIABLE;
    }
}
