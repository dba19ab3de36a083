package io.junction.core;

import java.util.Objects;

/** A failure the gateway reports to its client, typed by {@link ErrorType}. */
public class JunctionException extends RuntimeException {
    private final ErrorType type;

    public JunctionException(ErrorType type, String detail) {
        this(type, detail, null);
    }

    public JunctionException(ErrorType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = Objects.requireNonNull(type, "type");
    }

    public ErrorType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public static JunctionException invalid(String detail) {
        return new JunctionException(ErrorType.INVALID_REQUEST, detail);
    }
}
