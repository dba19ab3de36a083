package io.junction.server.internal.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;

import java.util.HashSet;
import java.util.Set;

/**
 * Derives, from the published OpenAPI document, the copy that vertx-openapi 5.0.7 validates requests
 * against. The published document stays untouched; the copy differs in three ways, each a limitation of
 * that library:
 * <ul>
 *   <li>Request bodies declared with media types it cannot parse (the raw single publish accepts
 *       {@code *}{@code /*}) are dropped: the handler takes such bodies as they are.</li>
 *   <li>Response media types it does not know ({@code application/problem+json}, {@code application/yaml})
 *       are dropped: it refuses to load a contract with them, and responses are not validated anyway.</li>
 *   <li>Header parameters are dropped: it URL-decodes header values before validating them, which
 *       would reject or alter legitimate keys containing {@code %} or {@code +}. Handlers check headers.</li>
 * </ul>
 */
final class ValidatorContract {
    private ValidatorContract() {
    }

    static JsonObject from(JsonObject published) {
        JsonObject copy = published.copy();
        JsonObject components = copy.getJsonObject("components", new JsonObject());
        Set<String> headerRefs = new HashSet<>();
        components.getJsonObject("parameters", new JsonObject()).forEach(e -> {
            if (e.getValue() instanceof JsonObject p && "header".equals(p.getString("in"))) {
                headerRefs.add("#/components/parameters/" + e.getKey());
            }
        });
        components.getJsonObject("responses", new JsonObject()).forEach(e -> keepKnownMediaTypes((JsonObject) e.getValue()));
        copy.getJsonObject("paths", new JsonObject()).forEach(path -> {
            JsonObject pathItem = (JsonObject) path.getValue();
            dropHeaderParameters(pathItem, headerRefs);
            pathItem.forEach(op -> {
                if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
                    dropHeaderParameters(operation, headerRefs);
                    dropUnparseableRequestBody(operation);
                    operation.getJsonObject("responses").forEach(r -> keepKnownMediaTypes((JsonObject) r.getValue()));
                }
            });
        });
        return copy;
    }

    private static void dropHeaderParameters(JsonObject holder, Set<String> headerRefs) {
        JsonArray parameters = holder.getJsonArray("parameters");
        if (parameters == null) {
            return;
        }
        JsonArray kept = new JsonArray();
        for (Object p : parameters) {
            JsonObject param = (JsonObject) p;
            if (!"header".equals(param.getString("in")) && !headerRefs.contains(param.getString("$ref"))) {
                kept.add(param);
            }
        }
        holder.put("parameters", kept);
    }

    private static void dropUnparseableRequestBody(JsonObject operation) {
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null && !body.getJsonObject("content", new JsonObject()).fieldNames().stream()
                .allMatch(MediaType::isMediaTypeSupported)) {
            operation.remove("requestBody");
        }
    }

    private static void keepKnownMediaTypes(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content == null) {
            return;
        }
        content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
        if (content.isEmpty()) {
            response.remove("content");
        }
    }
}
