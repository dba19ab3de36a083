package io.junction.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./junction bench}: the gateway against each broker's native client, in the same run. Prints a table
 * and writes {@code latest.json} to the output directory; exits 1 when a backend could not be measured.
 * Targets are reported, never enforced.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            JsonObject report = run(options);
            boolean complete = report.getJsonObject("backends").stream()
                    .noneMatch(e -> ((JsonObject) e.getValue()).containsKey("error"));
            System.exit(complete ? 0 : 1);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Runs every backend of the options in turn; returns the report it wrote to {@code <outDir>/latest.json}. */
    static JsonObject run(BenchOptions options) throws Exception {
        BenchPlan plan = options.quick() ? BenchPlan.quick() : BenchPlan.full();
        Files.createDirectories(options.outDir());
        JsonObject report = new JsonObject()
                .put("started", Instant.now().toString())
                .put("machine", Machine.describe())
                .put("load_average_before", Machine.loadAverage())
                .put("gateway_jvm", GatewayProcess.HEAP)
                .put("plan", plan.toJson());
        JsonObject backends = new JsonObject();
        Vertx vertx = Vertx.vertx();
        try {
            for (String backend : options.backends()) {
                try {
                    backends.put(backend, new BackendBenchmark(backend, plan, vertx, options.outDir(), options.jfr()).run());
                } catch (Exception e) {
                    System.err.println("bench: " + backend + " did not complete: " + e);
                    backends.put(backend, new JsonObject().put("backend", backend).put("error", e.toString()));
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        BenchReport.judge(backends);
        report.put("backends", backends)
                .put("finished", Instant.now().toString())
                .put("load_average_after", Machine.loadAverage());
        Path json = options.outDir().resolve("latest.json");
        BenchReport.write(report, json);
        BenchReport.printTable(report, System.out);
        System.out.println("written to " + json.toAbsolutePath().normalize());
        return report;
    }
}
