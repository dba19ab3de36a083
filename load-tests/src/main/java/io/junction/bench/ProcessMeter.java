package io.junction.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time and memory of one (HotSpot) process, read from Linux's {@code /proc/<pid>}: user + system time of
 * all its threads from {@code stat} and of its JIT compiler and garbage collector threads from
 * {@code task/<tid>/stat} (in clock ticks, 10 ms on common kernels), the resident set's high-water mark from
 * {@code status}.
 */
final class ProcessMeter {
    private static final long CLOCK_TICKS_PER_SECOND = clockTicksPerSecond();
    private static final int UTIME_AFTER_COMM = 11;
    private static final int STIME_AFTER_COMM = 12;
    /** HotSpot's compiler threads, as the kernel shows their names (cut to 15 characters). */
    private static final List<String> JIT_THREADS = List.of("(C1 CompilerThre", "(C2 CompilerThre");
    /** HotSpot's G1 collector threads and the VM thread (which runs the safepoint work of collections). */
    private static final List<String> GC_THREADS = List.of("(GC Thread#", "(G1 ", "(VM Thread)");

    private final Path stat;
    private final Path tasks;
    private final Path status;

    ProcessMeter(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        this.stat = proc.resolve("stat");
        this.tasks = proc.resolve("task");
        this.status = proc.resolve("status");
    }

    /** User plus system CPU time of all threads so far, also of those that ended, in nanoseconds. */
    long cpuNanos() {
        return cpuNanos(read(stat));
    }

    /**
     * User plus system CPU time of the live JIT compiler threads so far, in nanoseconds: compiling is warm-up
     * work, which a short run on a busy machine does not finish, not a cost per message.
     */
    long jitCpuNanos() {
        return threadsCpuNanos(JIT_THREADS);
    }

    /** User plus system CPU time of the garbage collector's threads so far, in nanoseconds. */
    long gcCpuNanos() {
        return threadsCpuNanos(GC_THREADS);
    }

    /** The CPU time of the live threads whose {@code stat} line holds one of the names. */
    private long threadsCpuNanos(List<String> names) {
        long sum = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String line = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
                    if (names.stream().anyMatch(line::contains)) {
                        sum += cpuNanos(line);
                    }
                } catch (NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tasks + " (has the process ended?)", e);
        }
        return sum;
    }

    /** utime + stime of a {@code stat} line. */
    private static long cpuNanos(String statLine) {
        // the command name (field 2) is in parentheses and may contain spaces: count fields after its end
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[STIME_AFTER_COMM]);
        return ticks * TimeUnit.SECONDS.toNanos(1) / CLOCK_TICKS_PER_SECOND;
    }

    /** The largest resident set the process ever had, in bytes ({@code VmHWM}, the high-water mark). */
    long peakRssBytes() {
        return statusKib("VmHWM:") * 1024;
    }

    private long statusKib(String field) {
        for (String line : read(status).split("\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(status + " has no " + field);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (has the process ended?)", e);
        }
    }

    /** {@code getconf CLK_TCK}: the unit of the times in {@code /proc/<pid>/stat}. */
    private static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return Long.parseLong(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run getconf CLK_TCK", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running getconf", e);
        }
    }
}
