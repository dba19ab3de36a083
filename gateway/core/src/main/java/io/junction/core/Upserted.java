package io.junction.core;

/** The result of an idempotent create: the resource and whether this call created it. */
public record Upserted<T>(T value, boolean created) {
}
