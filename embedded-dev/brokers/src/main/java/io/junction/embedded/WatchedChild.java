package io.junction.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker running as a child process that cannot outlive this JVM.
 *
 * <p>The command runs under a tiny {@code sh} watchdog in a session of its own ({@code setsid}, so a
 * Ctrl-C in the terminal reaches only the JVM, whose shutdown hook stops the broker in order). The watchdog
 * starts the command in the background, writes its pid to {@code pidFile}, then reads its standard input,
 * a pipe whose only writer is this JVM: when the JVM ends, however it ends, the pipe closes, the read
 * returns and the watchdog kills the broker with SIGKILL, as a {@code kill -9} of the whole stack would.
 * A clean {@link #stop} sends SIGTERM first and waits for the broker to exit.
 *
 * <p>Before starting, a process still recorded in {@code pidFile} whose executable has the command's
 * file name (an orphan of an earlier run on the same data dir) is killed, so two brokers never share a
 * data dir. Standard output and error of the watchdog and the broker are appended to {@code logFile}.
 */
final class WatchedChild {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedChild.class);
    private static final String WATCHDOG = String.join("\n",
            "pid_file=$1; shift",
            "\"$@\" </dev/null &",
            "pid=$!",
            "echo \"$pid\" > \"$pid_file.tmp\" && mv \"$pid_file.tmp\" \"$pid_file\"",
            "cat >/dev/null", // returns when the JVM closes the pipe or dies
            "kill -KILL \"$pid\" 2>/dev/null",
            "wait \"$pid\"");
    private static final Duration PID_WAIT = Duration.ofSeconds(10);
    private static final Duration STALE_KILL_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MS = 20;

    private final Process watchdog;
    private final ProcessHandle child;

    private WatchedChild(Process watchdog, ProcessHandle child) {
        this.watchdog = watchdog;
        this.child = child;
    }

    /** Starts {@code command} (its first element an absolute path) under the watchdog; returns once its pid is known. */
    static WatchedChild start(List<String> command, Path pidFile, Path logFile) throws IOException, InterruptedException {
        String executable = Path.of(command.get(0)).getFileName().toString();
        killStale(pidFile, executable);
        List<String> argv = new ArrayList<>(List.of("setsid", "sh", "-c", WATCHDOG, "junction-watchdog", pidFile.toString()));
        argv.addAll(command);
        Process watchdog = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start(); // stdin stays a pipe from this JVM: the watchdog's lifeline
        try {
            long pid = awaitPid(pidFile, watchdog);
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow(
                    () -> new IOException(executable + " exited at once; see " + logFile));
            return new WatchedChild(watchdog, child);
        } catch (IOException | InterruptedException | RuntimeException e) {
            watchdog.getOutputStream().close(); // the watchdog kills whatever it started
            watchdog.waitFor(PID_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    long pid() {
        return child.pid();
    }

    boolean isAlive() {
        return child.isAlive();
    }

    /** SIGTERM, then SIGKILL after {@code grace}; then ends the watchdog. Idempotent; bounded by about twice {@code grace}. */
    void stop(Duration grace) {
        try {
            if (child.isAlive()) {
                child.destroy();
                if (!waitForExit(child, grace)) {
                    LOG.warn("pid {} did not stop within {} s of SIGTERM; killing it", child.pid(), grace.toSeconds());
                    child.destroyForcibly();
                    waitForExit(child, grace);
                }
            }
            watchdog.getOutputStream().close();
            if (!watchdog.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                watchdog.destroyForcibly();
            }
        } catch (IOException e) {
            watchdog.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
            watchdog.destroyForcibly();
        }
    }

    private static long awaitPid(Path pidFile, Process watchdog) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + PID_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = readPid(pidFile);
            if (pid.isPresent()) {
                return pid.get();
            }
            if (!watchdog.isAlive()) {
                throw new IOException("the watchdog shell exited with " + watchdog.exitValue() + " before starting the broker");
            }
            Thread.sleep(POLL_MS); // the file appears within milliseconds; bounded by PID_WAIT
        }
        throw new IOException("no pid in " + pidFile + " after " + PID_WAIT.toSeconds() + " s");
    }

    private static void killStale(Path pidFile, String executable) throws IOException, InterruptedException {
        Optional<ProcessHandle> stale = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals(executable)).orElse(false));
        if (stale.isPresent()) {
            LOG.warn("killing {} (pid {}) left running on this data dir by an earlier run", executable, stale.get().pid());
            stale.get().destroyForcibly();
            if (!waitForExit(stale.get(), STALE_KILL_WAIT)) {
                throw new IOException(executable + " pid " + stale.get().pid() + " from an earlier run does not stop");
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
