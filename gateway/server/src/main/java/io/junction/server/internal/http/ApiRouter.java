package io.junction.server.internal.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.junction.core.ErrorType;
import io.junction.core.JunctionCore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the HTTP API from {@code openapi.yaml}: one route per operation of the contract, each validated
 * against it before its handler runs. An operation without a handler, or a handler without an operation,
 * fails the start, so the served routes and the published contract cannot drift apart.
 */
public final class ApiRouter {
    /** The class-path resource holding the contract, served verbatim at {@code GET /openapi.yaml}. */
    public static final String OPENAPI_RESOURCE = "openapi.yaml";

    private record Document(byte[] yaml, JsonObject json) {
    }

    private ApiRouter() {
    }

    public static Future<Router> create(Vertx vertx, JunctionCore core, PrometheusMeterRegistry registry) {
        return vertx.executeBlocking(() -> {
                    byte[] yaml = readContract();
                    return new Document(yaml, toJson(yaml));
                })
                .compose(doc -> OpenAPIContract.from(vertx, ValidatorContract.from(doc.json()))
                        .map(contract -> build(vertx, core, registry, doc.yaml(), new ReusedValidatorsContract(contract))));
    }

    private static Router build(Vertx vertx, JunctionCore core, PrometheusMeterRegistry registry, byte[] yaml,
                                OpenAPIContract contract) {
        BodyLimits bodyLimits = new BodyLimits(core.config().limits());
        RouterBuilder builder = RouterBuilder.create(vertx, contract, new JsonBodyExtractor())
                .rootHandler(new CorrelationIds())
                .rootHandler(new AccessLog())
                .rootHandler(new BoundedBodyReader(request -> {
                    Operation operation = contract.findOperation(request.path(), request.method());
                    return bodyLimits.forOperation(operation == null ? null : operation.getOperationId());
                }));
        Map<String, Handler<RoutingContext>> handlers = handlers(core, registry, yaml);
        Set<String> unhandled = new TreeSet<>();
        Set<String> unused = new HashSet<>(handlers.keySet());
        for (OpenAPIRoute route : builder.getRoutes()) {
            String operationId = route.getOperation().getOperationId();
            Handler<RoutingContext> handler = handlers.get(operationId);
            if (handler == null) {
                unhandled.add(operationId);
            } else {
                route.addHandler(handler);
                unused.remove(operationId);
            }
        }
        if (!unhandled.isEmpty() || !unused.isEmpty()) {
            throw new IllegalStateException("the contract and the handlers differ: operations without a handler "
                    + unhandled + ", handlers without an operation " + new TreeSet<>(unused));
        }
        Router router = builder.createRouter();
        Problems problems = new Problems();
        router.route().failureHandler(problems);
        // Failures outside any handler: a path the router cannot decode, or a failing failure handler.
        router.errorHandler(400, rc -> Problems.send(rc, ErrorType.MALFORMED_REQUEST, "the request path cannot be decoded"));
        router.errorHandler(500, problems);
        router.errorHandler(404, rc -> Problems.send(rc, ErrorType.NOT_FOUND,
                "no resource at " + rc.request().path()));
        router.errorHandler(405, rc -> {
            String allowed = allowedMethods(contract, rc.request().path());
            if (!allowed.isEmpty()) {
                rc.response().putHeader(HttpHeaders.ALLOW, allowed);
            }
            Problems.send(rc, ErrorType.METHOD_NOT_ALLOWED, rc.request().method() + " is not allowed on "
                    + rc.request().path() + (allowed.isEmpty() ? "" : "; allowed: " + allowed));
        });
        return router;
    }

    private static Map<String, Handler<RoutingContext>> handlers(JunctionCore core, PrometheusMeterRegistry registry,
                                                                 byte[] yaml) {
        TopicHandlers topics = new TopicHandlers(core);
        SubscriptionHandlers subscriptions = new SubscriptionHandlers(core);
        PublishHandlers publish = new PublishHandlers(core);
        ConsumeHandlers consume = new ConsumeHandlers(core);
        DeadLetterHandlers deadLetters = new DeadLetterHandlers(core);
        OperationsHandlers operations = new OperationsHandlers(core, registry, yaml);
        return Map.ofEntries(
                Map.entry("listTopics", topics::list),
                Map.entry("putTopic", topics::put),
                Map.entry("getTopic", topics::get),
                Map.entry("deleteTopic", topics::delete),
                Map.entry("publishMessage", publish::publishOne),
                Map.entry("publishBatch", publish::publishBatch),
                Map.entry("listSubscriptions", subscriptions::list),
                Map.entry("putSubscription", subscriptions::put),
                Map.entry("getSubscription", subscriptions::get),
                Map.entry("deleteSubscription", subscriptions::delete),
                Map.entry("pull", consume::pull),
                Map.entry("ack", consume::ack),
                Map.entry("nack", consume::nack),
                Map.entry("extend", consume::extend),
                Map.entry("seek", subscriptions::seek),
                Map.entry("listDeadLetters", deadLetters::list),
                Map.entry("getDeadLetter", deadLetters::get),
                Map.entry("redriveDeadLetters", deadLetters::redrive),
                Map.entry("discardDeadLetter", deadLetters::discard),
                Map.entry("live", operations::live),
                Map.entry("ready", operations::ready),
                Map.entry("metrics", operations::metrics),
                Map.entry("openapi", operations::openApi));
    }

    private static String allowedMethods(OpenAPIContract contract, String path) {
        Path match = contract.findPath(path);
        return match == null ? "" : match.getOperations().stream().map(o -> o.getHttpMethod().name()).sorted()
                .collect(Collectors.joining(", "));
    }

    private static byte[] readContract() {
        try (InputStream in = ApiRouter.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject toJson(byte[] yaml) {
        try {
            return new JsonObject(new ObjectMapper().writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(yaml)));
        } catch (IOException e) {
            throw new UncheckedIOException(OPENAPI_RESOURCE + " is not valid YAML", e);
        }
    }
}
