package io.junction.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * All phases against one backend: starts its dev stack (broker + gateway) as a child process, connects the
 * broker's native client, then measures, each phase on a fresh topic with one subscription (so that every
 * message is really stored) deleted afterwards:
 * <ol>
 *   <li>warm-up of every publish path, then the gateway's idle CPU;</li>
 *   <li>closed-loop throughput: native client, gateway single-message publish, gateway batch publish, and the
 *   broker's management API where it has one that publishes (RabbitMQ);</li>
 *   <li>open-loop latency at {@link BenchPlan#LATENCY_RATE} msg/s, native and gateway single publish in
 *   alternating rounds; the added latency is the difference of their percentiles;</li>
 *   <li>end-to-end publish -> pull -> ack, keyed and unkeyed.</li>
 * </ol>
 */
final class BackendBenchmark {
    private static final int CLEAN_UP_ATTEMPTS = 4;
    private static final long CLEAN_UP_PAUSE_MS = 5_000;

    private final String backend;
    private final BenchPlan plan;
    private final Vertx vertx;
    private final Path outDir;
    private final boolean jfr;
    private final byte[] payload = Payloads.oneKib();
    private final Buffer unkeyedBatch = Payloads.batchBody(payload, BenchPlan.BATCH_SIZE, -1, BenchPlan.KEYS);
    private int topics;

    BackendBenchmark(String backend, BenchPlan plan, Vertx vertx, Path outDir, boolean jfr) {
        this.backend = backend;
        this.plan = plan;
        this.vertx = vertx;
        this.outDir = outDir;
        this.jfr = jfr;
    }

    JsonObject run() throws Exception {
        String loadBefore = Machine.loadAverage();
        Path dataDir = Files.createTempDirectory("junction-bench-" + backend + "-");
        try (GatewayProcess gateway = GatewayProcess.start(backend, dataDir, outDir.resolve(backend + "-gateway.log"),
                jfr ? outDir.resolve(backend + "-gateway.jfr") : null);
             GatewayClient http = new GatewayClient(vertx, gateway.url(), BenchPlan.SINGLE_CONNECTIONS);
             NativeClient nativeClient = NativeClients.connect(backend, gateway.brokerDescription())) {
            log("gateway pid " + gateway.pid() + " at " + gateway.url() + ", broker " + gateway.brokerDescription());
            JsonObject result = new JsonObject()
                    .put("backend", backend)
                    .put("broker", gateway.brokerDescription())
                    // a broker running as a child process of the dev stack is not in the gateway's /proc figures
                    .put("broker_in_gateway_process", ProcessHandle.of(gateway.pid())
                            .map(p -> p.children().findAny().isEmpty()).orElse(true));
            measure(result, new PhaseMeter(gateway.pid()), http, nativeClient, gateway.brokerDescription());
            return result.put("load_average_before", loadBefore).put("load_average_after", Machine.loadAverage());
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private void measure(JsonObject result, PhaseMeter meter, GatewayClient http, NativeClient nativeClient,
                         String brokerDescription) throws Exception {
        Function<String, Sender> nativePublish = topic -> () -> nativeClient.publish(topic, payload);
        Function<String, Sender> singlePublish = topic -> () -> http.publish(topic, Buffer.buffer(payload), null);
        Function<String, Sender> batchPublish = topic -> () -> http.publishBatch(topic, unkeyedBatch.copy());

        log("warm-up");
        withTopic(http, "warmup", (topic, subscription) -> {
            long cap = plan.phaseMessages();
            new ClosedLoop(BenchPlan.NATIVE_IN_FLIGHT, 1).run(nativePublish.apply(topic), cap, plan.warmup());
            new ClosedLoop(BenchPlan.SINGLE_CONNECTIONS, 1).run(singlePublish.apply(topic), cap, plan.warmup());
            new ClosedLoop(BenchPlan.BATCH_CONNECTIONS, BenchPlan.BATCH_SIZE).run(batchPublish.apply(topic), cap, plan.warmup());
        });
        double idle = meter.gatewayIdleCpuFraction(plan.idle());
        JsonObject phases = new JsonObject();
        result.put("gateway_idle_cpu_pct", Numbers.round(100 * idle)).put("phases", phases);

        log("throughput: native client");
        MeasuredPhase nativePhase = throughputPhase(meter, http, nativePublish, BenchPlan.NATIVE_IN_FLIGHT, 1);
        log("throughput: gateway, single-message publish");
        MeasuredPhase single = throughputPhase(meter, http, singlePublish, BenchPlan.SINGLE_CONNECTIONS, 1);
        log("throughput: gateway, batch publish");
        MeasuredPhase batch = throughputPhase(meter, http, batchPublish, BenchPlan.BATCH_CONNECTIONS, BenchPlan.BATCH_SIZE);
        double nativeRate = nativePhase.throughput().perSecond();
        double singleRate = single.throughput().perSecond();
        double batchRate = batch.throughput().perSecond();
        result.put("native_msgs_per_s", Numbers.round(nativeRate))
                .put("gateway_single_msgs_per_s", Numbers.round(singleRate))
                .put("gateway_batch_msgs_per_s", Numbers.round(batchRate))
                .put("single_vs_native", Numbers.round(singleRate / nativeRate))
                .put("batch_vs_native", Numbers.round(batchRate / nativeRate))
                .put("cpu_us_per_msg_single", Numbers.round(single.gatewayCpuMicrosPerMessage(idle)))
                .put("cpu_us_per_msg_batch", Numbers.round(batch.gatewayCpuMicrosPerMessage(idle)))
                // what the gateway's process spends per message when only the native client publishes: the
                // in-process broker's share of the two figures above (about 0 for a broker in its own process)
                .put("broker_cpu_us_per_msg", Numbers.round(nativePhase.gatewayCpuMicrosPerMessage(idle)));
        phases.put("native", nativePhase.toJson(idle)).put("gateway_single", single.toJson(idle))
                .put("gateway_batch", batch.toJson(idle));
        Optional<MeasuredPhase> managementApi = managementApiPhase(meter, http, brokerDescription);
        managementApi.ifPresent(peer -> {
            result.put("management_api_msgs_per_s", Numbers.round(peer.throughput().perSecond()))
                    .put("vs_management_api", Numbers.round(singleRate / peer.throughput().perSecond()));
            phases.put("management_api", peer.toJson(idle));
        });

        log("latency: " + BenchPlan.LATENCY_RATE + " msg/s open loop, native and gateway in alternating rounds");
        long latencyFailures = latency(result, http, nativePublish, singlePublish);

        log("end to end: publish -> pull -> ack, keyed and unkeyed");
        MeasuredPhase keyed = endToEndPhase(meter, http, true);
        MeasuredPhase unkeyed = endToEndPhase(meter, http, false);
        phases.put("e2e_keyed", keyed.toJson(idle)).put("e2e_unkeyed", unkeyed.toJson(idle));
        result.put("e2e_keyed_msgs_per_s", Numbers.round(keyed.throughput().perSecond()))
                .put("e2e_unkeyed_msgs_per_s", Numbers.round(unkeyed.throughput().perSecond()))
                .put("keyed_vs_unkeyed", Numbers.round(keyed.throughput().perSecond() / unkeyed.throughput().perSecond()))
                .put("rss_mib", Numbers.round(meter.gatewayPeakRssMib()))
                .put("failures", latencyFailures + Stream.concat(Stream.of(nativePhase, single, batch, keyed, unkeyed),
                        managementApi.stream()).mapToLong(p -> p.throughput().failures()).sum());
    }

    private MeasuredPhase throughputPhase(PhaseMeter meter, GatewayClient http, Function<String, Sender> publish,
                                          int inFlight, int messagesPerSend) throws Exception {
        MeasuredPhase[] measured = {null};
        withTopic(http, "throughput", (topic, subscription) -> measured[0] = meter.measure(() ->
                new ClosedLoop(inFlight, messagesPerSend).run(publish.apply(topic), plan.phaseMessages(), plan.phase())));
        log("  " + describe(measured[0]));
        return measured[0];
    }

    /** The broker's own HTTP publish at the gateway single publish's load, when the broker has one. */
    private Optional<MeasuredPhase> managementApiPhase(PhaseMeter meter, GatewayClient http, String brokerDescription)
            throws Exception {
        Optional<ManagementApi> connected = ManagementApis.connect(backend, brokerDescription, vertx);
        if (connected.isEmpty()) {
            return Optional.empty();
        }
        log("throughput: the broker's management API publish");
        try (ManagementApi api = connected.get()) {
            return Optional.of(throughputPhase(meter, http, topic -> () -> api.publish(topic, payload),
                    BenchPlan.SINGLE_CONNECTIONS, 1));
        }
    }

    /** @return the failed sends */
    private long latency(JsonObject result, GatewayClient http, Function<String, Sender> nativePublish,
                         Function<String, Sender> gatewayPublish) throws Exception {
        Histogram nativeLatency = OpenLoop.newHistogram();
        Histogram gatewayLatency = OpenLoop.newHistogram();
        long[] failures = {0};
        withTopic(http, "latency", (topic, subscription) -> {
            OpenLoop loop = new OpenLoop(BenchPlan.LATENCY_RATE, BenchPlan.LATENCY_MAX_IN_FLIGHT);
            int perRound = plan.latencyMessages() / plan.latencyRounds();
            for (int round = 0; round < plan.latencyRounds(); round++) {
                failures[0] += loop.run(nativePublish.apply(topic), perRound, nativeLatency);
                failures[0] += loop.run(gatewayPublish.apply(topic), perRound, gatewayLatency);
            }
        });
        result.put("native_latency_ms", percentiles(nativeLatency))
                .put("gateway_latency_ms", percentiles(gatewayLatency))
                .put("added_latency_p50_ms", added(gatewayLatency, nativeLatency, 50))
                .put("added_latency_p99_ms", added(gatewayLatency, nativeLatency, 99))
                .put("added_latency_p999_ms", added(gatewayLatency, nativeLatency, 99.9));
        log("  native " + result.getJsonObject("native_latency_ms") + ", gateway " + result.getJsonObject("gateway_latency_ms"));
        return failures[0];
    }

    private MeasuredPhase endToEndPhase(PhaseMeter meter, GatewayClient http, boolean keyed) throws Exception {
        MeasuredPhase[] measured = {null};
        withTopic(http, keyed ? "e2e-keyed" : "e2e-unkeyed", (topic, subscription) ->
                measured[0] = meter.measure(() -> new EndToEnd(http, payload)
                        .run(topic, subscription, keyed, plan.endToEndMessages(), plan.endToEndMax())));
        log("  " + (keyed ? "keyed   " : "unkeyed ") + describe(measured[0]));
        return measured[0];
    }

    private static JsonObject percentiles(Histogram h) {
        return new JsonObject()
                .put("p50", Numbers.round(millis(h, 50)))
                .put("p99", Numbers.round(millis(h, 99)))
                .put("p999", Numbers.round(millis(h, 99.9)))
                .put("max", Numbers.round(h.getMaxValue() / 1000.0))
                .put("count", h.getTotalCount());
    }

    private static Double added(Histogram gateway, Histogram nativeClient, double percentile) {
        return Numbers.round(millis(gateway, percentile) - millis(nativeClient, percentile));
    }

    /** A percentile in milliseconds; NaN when nothing was recorded. */
    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String describe(MeasuredPhase p) {
        return String.format("%,.0f msg/s (%,d messages, %d failures, %.1f s; gateway process %.0f%% CPU of which JIT %.0f%% "
                        + "and GC %.0f%%; load generator %.0f%%)", p.throughput().perSecond(), p.throughput().messages(),
                p.throughput().failures(), p.wallNanos() / 1e9, p.gatewayCpuPercent(), p.gatewayJitCpuPercent(),
                100.0 * p.gatewayGcCpuNanos() / p.wallNanos(), p.loadGeneratorCpuPercent());
    }

    @FunctionalInterface
    private interface TopicPhase {
        void run(String topic, String subscription) throws Exception;
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /**
     * Runs a phase on a new topic with one subscription, and deletes both (and their messages) afterwards: the
     * subscription first, which stops the gateway's consumer of it, then the topic.
     */
    private void withTopic(GatewayClient http, String purpose, TopicPhase phase) throws Exception {
        String topic = "bench-" + purpose + "-" + (++topics);
        String subscription = topic + "-sub";
        http.createTopic(topic);
        http.createSubscription(subscription, topic);
        try {
            phase.run(topic, subscription);
        } finally {
            cleanUp("subscription " + subscription, () -> http.deleteSubscription(subscription));
            cleanUp("topic " + topic, () -> http.deleteTopic(topic));
        }
    }

    /**
     * A deletion after a phase, tried a few times: deleting what a phase left (up to {@link BenchPlan#phaseMessages()}
     * messages) can outlast the gateway's broker call timeout. When it keeps failing the run goes on, on new topics.
     */
    private void cleanUp(String what, Call deletion) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                deletion.run();
                return;
            } catch (Exception e) {
                if (attempt == CLEAN_UP_ATTEMPTS) {
                    log("could not delete " + what + ", going on: " + e.getMessage());
                    return;
                }
                Thread.sleep(CLEAN_UP_PAUSE_MS);
            }
        }
    }

    private void log(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " [" + backend + "] " + line);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
