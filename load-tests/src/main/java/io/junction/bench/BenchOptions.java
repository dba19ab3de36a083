package io.junction.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./junction bench}.
 *
 * @param backends the backends to run, in order
 * @param quick    a smoke run of the harness (see {@link BenchPlan#quick()})
 * @param jfr      record the gateway process with Java Flight Recorder
 * @param outDir   where {@code latest.json}, the gateway logs and recordings go
 */
record BenchOptions(List<String> backends, boolean quick, boolean jfr, Path outDir) {
    static final List<String> BACKENDS = List.of("artemis", "kafka", "nats", "rabbitmq");
    static final String USAGE = "usage: ./junction bench [--backend " + String.join("|", BACKENDS)
            + "|all] [--quick] [--jfr] [--out DIR]";

    /** @throws IllegalArgumentException naming the bad argument */
    static BenchOptions parse(String[] args) {
        String backend = "all";
        boolean quick = false;
        boolean jfr = false;
        Path outDir = Path.of("target", "bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--jfr" -> jfr = true;
                case "--backend" -> backend = value(args, ++i, "--backend");
                case "--out" -> outDir = Path.of(value(args, ++i, "--out"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new BenchOptions(backends(backend), quick, jfr, outDir);
    }

    /** {@code all} is every backend with a native client; a single one must have one. */
    private static List<String> backends(String name) {
        if ("all".equals(name)) {
            List<String> runnable = new ArrayList<>(BACKENDS);
            runnable.retainAll(NativeClients.backends());
            return runnable;
        }
        if (!BACKENDS.contains(name)) {
            throw new IllegalArgumentException("--backend must be one of " + BACKENDS + " or all, not '" + name + "'");
        }
        if (!NativeClients.backends().contains(name)) {
            throw new IllegalArgumentException("no native client for " + name + " yet: the benchmark runs "
                    + NativeClients.backends());
        }
        return List.of(name);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
