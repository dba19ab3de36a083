package io.junction.bridge.rabbitmq;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.ConnectionFactory;

import io.junction.spi.ErrorKind;

/**
 * The one question AMQP 0-9-1 cannot answer: which subscriptions are bound to a topic (needed to delete a
 * topic with its subscriptions). Asked of the management plugin's HTTP API, with the AMQP credentials.
 * Blocking; called on the backend's admin thread only.
 */
final class ManagementApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String virtualHost;
    private final String authorization;
    private final Duration timeout;
    private final HttpClient http;

    ManagementApi(RabbitMqSettings settings) {
        ConnectionFactory amqp = settings.connectionFactory();
        this.baseUrl = settings.managementUrl();
        this.virtualHost = amqp.getVirtualHost();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (amqp.getUsername() + ":" + amqp.getPassword()).getBytes(StandardCharsets.UTF_8));
        this.timeout = Duration.ofMillis(settings.callTimeoutMs());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The subscriptions whose shard exchange is bound to the topic's exchange; empty when the exchange is gone. */
    List<String> subscriptionsOf(String topic) throws InterruptedException {
        URI uri = URI.create(baseUrl + "/api/exchanges/" + segment(virtualHost) + "/" + segment(Names.topicExchange(topic))
                + "/bindings/source");
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", authorization).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Errors.of(ErrorKind.RETRIABLE, "the RabbitMQ management API at " + baseUrl + " did not answer (" + e
                    + "); deleting a topic needs the rabbitmq_management plugin");
        }
        switch (response.statusCode()) {
            case 200 -> {
                return subscriptions(response.body());
            }
            case 404 -> {
                return List.of();
            }
            case 401, 403 -> throw Errors.of(ErrorKind.UNAUTHORIZED, "the RabbitMQ management API refused the credentials"
                    + " (the user needs the management, policymaker or monitoring tag)");
            default -> throw Errors.of(ErrorKind.RETRIABLE, "the RabbitMQ management API answered " + response.statusCode());
        }
    }

    private static List<String> subscriptions(String body) {
        List<String> subscriptions = new ArrayList<>();
        try {
            for (JsonNode binding : JSON.readTree(body)) {
                if ("exchange".equals(binding.path("destination_type").asText())) {
                    String subscription = Names.subscriptionOf(binding.path("destination").asText());
                    if (subscription != null) {
                        subscriptions.add(subscription);
                    }
                }
            }
        } catch (IOException e) {
            throw Errors.of(ErrorKind.RETRIABLE, "unreadable answer from the RabbitMQ management API: " + e.getMessage());
        }
        return subscriptions;
    }

    /** A path segment: percent-encoded, a space as %20 (URLEncoder writes '+', which is a literal plus in a path). */
    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
