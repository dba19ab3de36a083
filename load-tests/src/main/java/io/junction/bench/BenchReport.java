package io.junction.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The outcome of a run: a table for people on stdout, and {@code latest.json} for tools. */
final class BenchReport {
    /** Rows of the table: result field and label, in order. */
    private static final List<Map.Entry<String, String>> ROWS = List.of(
            Map.entry("native_msgs_per_s", "native client, msg/s"),
            Map.entry("gateway_single_msgs_per_s", "gateway single publish, msg/s"),
            Map.entry("gateway_batch_msgs_per_s", "gateway batch publish (64), msg/s"),
            Map.entry("batch_vs_native", "batch / native"),
            Map.entry("added_latency_p50_ms", "added latency p50 at 1k msg/s, ms"),
            Map.entry("added_latency_p99_ms", "added latency p99, ms"),
            Map.entry("added_latency_p999_ms", "added latency p99.9, ms"),
            Map.entry("cpu_us_per_msg_single", "gateway CPU/msg single, us (no JIT)"),
            Map.entry("cpu_us_per_msg_batch", "gateway CPU/msg batch, us (no JIT)"),
            Map.entry("broker_cpu_us_per_msg", "  of which in-process broker, us"),
            Map.entry("rss_mib", "gateway peak RSS, MiB"),
            Map.entry("e2e_keyed_msgs_per_s", "end to end keyed, msg/s"),
            Map.entry("e2e_unkeyed_msgs_per_s", "end to end unkeyed, msg/s"),
            Map.entry("keyed_vs_unkeyed", "keyed / unkeyed"),
            Map.entry("vs_management_api", "gateway / management API"),
            Map.entry("failures", "failed operations"));

    private BenchReport() {
    }

    /** Adds each backend's target verdicts to its result. */
    static void judge(JsonObject backends) {
        for (String backend : backends.fieldNames()) {
            JsonObject result = backends.getJsonObject(backend);
            JsonObject verdicts = new JsonObject();
            for (Target target : Target.ALL) {
                String verdict = target.verdict(result);
                if (verdict != null) {
                    verdicts.put(target.field(), verdict);
                }
            }
            result.put("targets", verdicts);
        }
    }

    static void printTable(JsonObject report, PrintStream out) {
        JsonObject backends = report.getJsonObject("backends");
        List<String> names = new ArrayList<>(backends.fieldNames());
        out.printf("%nJunction benchmark (%s mode), %s; load average before/after: %s / %s%n",
                report.getJsonObject("plan").getString("mode"), report.getJsonObject("machine").getString("cpu_model")
                        + " x " + report.getJsonObject("machine").getInteger("nproc"),
                report.getString("load_average_before"), report.getString("load_average_after"));
        StringBuilder header = new StringBuilder(String.format("%-36s %-8s", "", "target"));
        names.forEach(n -> header.append(String.format(" %18s", n)));
        out.println(header);
        for (Map.Entry<String, String> row : ROWS) {
            if (names.stream().noneMatch(n -> backends.getJsonObject(n).containsKey(row.getKey()))) {
                continue;
            }
            String target = Target.ALL.stream().filter(t -> t.field().equals(row.getKey())).findFirst()
                    .map(Target::describe).orElse("");
            StringBuilder line = new StringBuilder(String.format("%-36s %-8s", row.getValue(), target));
            for (String n : names) {
                line.append(String.format(" %18s", cell(backends.getJsonObject(n), row.getKey())));
            }
            out.println(line);
        }
        for (String n : names) {
            String error = backends.getJsonObject(n).getString("error");
            if (error != null) {
                out.println(n + ": did not complete: " + error);
            }
        }
    }

    /** The value, with {@code (missed)} after a figure that misses its target. */
    private static String cell(JsonObject result, String field) {
        Object value = result.getValue(field);
        if (value == null) {
            return "-";
        }
        String verdict = result.getJsonObject("targets", new JsonObject()).getString(field);
        return format(value) + ("missed".equals(verdict) ? " (missed)" : "");
    }

    /** Whole numbers with thousands separators; fractions with three significant digits. */
    private static String format(Object value) {
        if (value instanceof Double d) {
            return String.format(Math.abs(d) >= 100 ? "%,.0f" : "%.3g", d);
        }
        return value instanceof Number n ? String.format("%,d", n.longValue()) : value.toString();
    }

    static void write(JsonObject report, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, report.encodePrettily());
    }
}
