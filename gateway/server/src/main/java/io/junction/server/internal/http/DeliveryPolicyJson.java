package io.junction.server.internal.http;

import io.junction.core.catalog.DeliveryPolicy;
import io.junction.core.catalog.DeliveryPolicy.DeadLetterPolicy;
import io.junction.core.catalog.DeliveryPolicy.OnKeyPoisoned;
import io.junction.core.catalog.DeliveryPolicy.Ordering;
import io.junction.core.catalog.DeliveryPolicy.RetryPolicy;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Locale;

/**
 * A subscription's delivery policy in its JSON shape: {@code ordering}, {@code retry}, {@code deadLetter} and
 * {@code maxInFlight} at the top level of the subscription object. Reading takes the default for every
 * absent field, nested ones included; the contract has already checked types and enum values, and the
 * core checks the ranges.
 */
final class DeliveryPolicyJson {
    private DeliveryPolicyJson() {
    }

    /** @param maxInFlight the default, from the gateway's configuration */
    static DeliveryPolicy read(JsonObject body, int maxInFlight) {
        DeliveryPolicy defaults = DeliveryPolicy.defaults(maxInFlight);
        String ordering = body.getString("ordering");
        return new DeliveryPolicy(
                ordering == null ? defaults.ordering() : Ordering.valueOf(ordering.toUpperCase(Locale.ROOT)),
                retry(body.getJsonObject("retry", new JsonObject()), defaults.retry()),
                deadLetter(body.getJsonObject("deadLetter", new JsonObject()), defaults.deadLetter()),
                Json.intField(body, "maxInFlight", defaults.maxInFlight()));
    }

    /** Adds the policy's fields to a subscription's JSON. */
    static JsonObject put(JsonObject json, DeliveryPolicy policy) {
        RetryPolicy retry = policy.retry();
        DeadLetterPolicy deadLetter = policy.deadLetter();
        return json.put("ordering", policy.ordering().name().toLowerCase(Locale.ROOT))
                .put("retry", new JsonObject()
                        .put("maxAttempts", retry.maxAttempts())
                        .put("initialBackoffMs", retry.initialBackoff().toMillis())
                        .put("multiplier", retry.multiplier())
                        .put("maxBackoffMs", retry.maxBackoff().toMillis())
                        .put("jitter", retry.jitter()))
                .put("deadLetter", new JsonObject()
                        .put("enabled", deadLetter.enabled())
                        .put("onKeyPoisoned", deadLetter.onKeyPoisoned().name().toLowerCase(Locale.ROOT)))
                .put("maxInFlight", policy.maxInFlight());
    }

    private static RetryPolicy retry(JsonObject json, RetryPolicy defaults) {
        return new RetryPolicy(
                Json.intField(json, "maxAttempts", defaults.maxAttempts()),
                millis(json, "initialBackoffMs", defaults.initialBackoff()),
                json.getDouble("multiplier", defaults.multiplier()),
                millis(json, "maxBackoffMs", defaults.maxBackoff()),
                json.getDouble("jitter", defaults.jitter()));
    }

    private static DeadLetterPolicy deadLetter(JsonObject json, DeadLetterPolicy defaults) {
        String onKeyPoisoned = json.getString("onKeyPoisoned");
        return new DeadLetterPolicy(
                json.getBoolean("enabled", defaults.enabled()),
                onKeyPoisoned == null ? defaults.onKeyPoisoned() : OnKeyPoisoned.valueOf(onKeyPoisoned.toUpperCase(Locale.ROOT)));
    }

    private static Duration millis(JsonObject json, String field, Duration defaultValue) {
        Long ms = json.getLong(field);
        return ms == null ? defaultValue : Duration.ofMillis(ms);
    }
}
