package io.junction.server.internal.http;

import io.junction.core.ErrorType;
import io.junction.core.JunctionException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.util.Comparator;
import java.util.List;

/** Turns vertx-openapi validation failures into the gateway's problems, naming the offending field. */
final class ValidationErrors {
    private ValidationErrors() {
    }

    static JunctionException toProblem(ValidatorException e) {
        return switch (e.type()) {
            // A body that is not JSON, or a parameter that cannot be decoded; the message says which.
            case ILLEGAL_VALUE -> new JunctionException(ErrorType.MALFORMED_REQUEST, e.getMessage());
            case UNSUPPORTED_VALUE_FORMAT -> new JunctionException(ErrorType.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
            default -> JunctionException.invalid(e instanceof SchemaValidationException s ? describe(s) : e.getMessage());
        };
    }

    /** The error at the deepest field, as "field: reason"; unknown fields as "unknown field 'a.b'". */
    private static String describe(SchemaValidationException e) {
        List<OutputUnit> errors = e.getOutputUnit() == null ? null : e.getOutputUnit().getErrors();
        if (errors == null || errors.isEmpty()) {
            return e.getMessage();
        }
        // The deepest field; for that field the most specific keyword (a leaf like ".../type" rather than
        // the ".../properties" wrapper that merely reports that a property failed).
        OutputUnit deepest = errors.stream()
                .max(Comparator.comparingInt((OutputUnit u) -> depth(u.getInstanceLocation()))
                        .thenComparingInt(u -> depth(u.getKeywordLocation())))
                .orElseThrow();
        String field = fieldName(deepest.getInstanceLocation());
        if (field.isEmpty()) {
            return e.getMessage();
        }
        String keyword = deepest.getKeywordLocation() == null ? "" : deepest.getKeywordLocation();
        if (keyword.endsWith("/additionalProperties") || keyword.endsWith("/unevaluatedProperties")) {
            return "unknown field '" + field + "'";
        }
        return field + ": " + deepest.getError();
    }

    private static int depth(String pointer) {
        return pointer == null || pointer.isEmpty() ? 0 : pointer.split("/", -1).length - 1;
    }

    /** A JSON pointer such as {@code /messages/0/key} as {@code messages[0].key}. */
    static String fieldName(String pointer) {
        if (pointer == null || pointer.isEmpty() || pointer.equals("/")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String raw : pointer.substring(1).split("/", -1)) {
            String segment = raw.replace("~1", "/").replace("~0", "~");
            if (segment.chars().allMatch(Character::isDigit) && !segment.isEmpty() && !out.isEmpty()) {
                out.append('[').append(segment).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(segment);
            }
        }
        return out.toString();
    }
}
