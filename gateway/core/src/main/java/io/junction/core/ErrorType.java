package io.junction.core;

/**
 * Every error kind the gateway reports, with its stable problem type and HTTP status. This is the one
 * table that maps failures to HTTP (and later to JMS exceptions); the {@code slug} never changes once
 * published.
 */
public enum ErrorType {
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    TOPIC_NOT_FOUND(404, "topic-not-found", "Topic not found"),
    SUBSCRIPTION_NOT_FOUND(404, "subscription-not-found", "Subscription not found"),
    DEAD_LETTER_NOT_FOUND(404, "dead-letter-not-found", "Dead letter not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    IDEMPOTENCY_CONFLICT(409, "idempotency-key-reused", "Message id reused for a different message"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    CAPABILITY_UNSUPPORTED(422, "capability-unsupported", "Not supported by this topic's backend"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    INTERNAL(500, "internal", "Internal error"),
    BACKEND_REJECTED(502, "backend-rejected", "The broker rejected the request"),
    BACKEND_UNAVAILABLE(503, "backend-unavailable", "The broker is unavailable"),
    SHUTTING_DOWN(503, "shutting-down", "The gateway is shutting down");

    /** Base of every problem type URI. */
    public static final String TYPE_PREFIX = "urn:junction:problem:";

    private final int status;
    private final String slug;
    private final String title;

    ErrorType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String typeUri() {
        return TYPE_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    /** Whether clients should be told when to retry (a {@code Retry-After} header). */
    public boolean retryable() {
        return status == 429 || status == 503;
    }
}
