package io.junction.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark ran on, from /proc: CPU model and count, memory, load average. */
final class Machine {
    private Machine() {
    }

    static JsonObject describe() {
        return new JsonObject()
                .put("nproc", Runtime.getRuntime().availableProcessors())
                .put("cpu_model", procField("/proc/cpuinfo", "model name"))
                .put("mem_total_mib", Long.parseLong(procField("/proc/meminfo", "MemTotal").split("\\s+")[0]) / 1024)
                .put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"))
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code 3.12 2.80 2.41}: a busy machine shows here. */
    static String loadAverage() {
        String[] fields = read("/proc/loadavg").split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** The value of the first {@code name : value} line of a /proc file. */
    private static String procField(String file, String name) {
        for (String line : read(file).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IllegalStateException(file + " has no '" + name + "' line");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("the benchmark needs Linux's " + file, e);
        }
    }
}
