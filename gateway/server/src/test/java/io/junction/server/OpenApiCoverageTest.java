package io.junction.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The routes the server answers and the operations openapi.yaml documents are the same set. */
class OpenApiCoverageTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @TempDir
    Path dataDir;

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedOperationIsServed() throws IOException {
        Set<String> documented = documentedOperations();
        Set<String> served = new TreeSet<>();
        try (TestGateway gateway = new TestGateway(dataDir)) {
            for (Route route : gateway.server().router().getRoutes()) {
                if (route.getPath() == null && route.methods() == null) {
                    continue; // the catch-all route carrying the root and failure handlers
                }
                assertFalse(route.methods() == null || route.methods().isEmpty(), "route without method: " + route.getPath());
                route.methods().forEach(m -> served.add(m.name() + " " + route.getPath()));
            }
        }
        assertFalse(documented.isEmpty());
        assertEquals(documented, served);
    }

    /** "METHOD /path/:param" for every operation of openapi.yaml, read independently of the server. */
    private static Set<String> documentedOperations() throws IOException {
        Set<String> operations = new TreeSet<>();
        try (InputStream in = OpenApiCoverageTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(in).get("paths");
            paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                if (HTTP_METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey().replaceAll("\\{([^}]+)}", ":$1"));
                }
            }));
        }
        return operations;
    }
}
