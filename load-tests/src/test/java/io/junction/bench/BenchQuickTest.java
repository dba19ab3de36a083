package io.junction.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A smoke test of the harness: the quick mode on Artemis produces every figure. No threshold is asserted. */
class BenchQuickTest {
    private static final List<String> FIGURES = List.of("native_msgs_per_s", "gateway_single_msgs_per_s",
            "gateway_batch_msgs_per_s", "added_latency_p50_ms", "added_latency_p99_ms", "added_latency_p999_ms",
            "cpu_us_per_msg_single", "cpu_us_per_msg_batch", "rss_mib", "keyed_vs_unkeyed");

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void quickRunOnArtemisReportsEveryFigure(@TempDir Path out) throws Exception {
        Bench.run(new BenchOptions(List.of("artemis"), true, false, out));

        JsonObject artemis = new JsonObject(Files.readString(out.resolve("latest.json")))
                .getJsonObject("backends").getJsonObject("artemis");
        assertNotNull(artemis, "latest.json has an artemis object");
        assertNull(artemis.getString("error"), "the run completed");
        for (String figure : FIGURES) {
            Object value = artemis.getValue(figure);
            assertTrue(value instanceof Number && Double.isFinite(((Number) value).doubleValue()),
                    figure + " is a finite number, not " + value);
        }
    }
}
