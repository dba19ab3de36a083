package io.junction.spi;

/**
 * How a failure should be handled by the caller. The gateway maps each kind to one HTTP status and
 * one JMS exception; nothing above the adapter ever parses an error message.
 */
public enum ErrorKind {
    /** Transient: the broker is unreachable, restarting or timed out; the same call may succeed later. Outcome of a publish is unknown. */
    RETRIABLE,
    /** Permanent for this input: retrying the same call will fail the same way. */
    TERMINAL,
    /** The named topic or subscription does not exist on the broker. */
    NOT_FOUND,
    /** The broker refused the credentials or the operation for them. */
    UNAUTHORIZED,
    /** The broker (or the adapter's bounded buffers) is saturated; back off and retry. */
    OVERLOADED,
    /** The backend cannot do this at all (see {@link Capability}). */
    UNSUPPORTED,
    /** The adapter was closed; nothing more is accepted. The call may succeed on another gateway instance. */
    CLOSED
}
