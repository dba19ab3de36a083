package io.junction.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's nats-server as a child process: ready with JetStream, data under {@code nats/}, never orphaned. */
class EmbeddedNatsTest {
    @TempDir
    Path dataDir;

    @Test
    void startsJetStreamOnLoopbackWithItsFilesUnderTheDataDir() throws Exception {
        EmbeddedNats nats = EmbeddedNats.start(dataDir, "127.0.0.1", 0);
        try {
            assertTrue(nats.clientUrl().startsWith("nats://127.0.0.1:"), nats.clientUrl());
            assertEquals(200, status(nats.monitorUrl() + "/healthz?js-enabled=true"));
            assertTrue(Files.isDirectory(dataDir.resolve("nats/jetstream")));
            assertTrue(Files.readString(dataDir.resolve("nats/nats-server.conf")).contains("store_dir"));
            assertEquals("nats", nats.backendType());
            assertEquals(nats.clientUrl(), nats.backendSettings().get("url"));
            assertTrue(nats.describe().contains(nats.clientUrl()), nats.describe());
        } finally {
            nats.close();
        }
        nats.close(); // idempotent
        assertFalse(ProcessHandle.of(nats.pid()).map(ProcessHandle::isAlive).orElse(false), "stopped");
    }

    @Test
    void aServerDoesNotOutliveItsJvmKilledWithSigkill() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerProcess.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        long natsPid;
        try {
            natsPid = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readPid(jvm));
            assertTrue(ProcessHandle.of(natsPid).isPresent(), "nats-server runs");
        } finally {
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            jvm.waitFor(30, TimeUnit.SECONDS);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(natsPid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aServerLeftRunningOnTheDataDirIsKilledBeforeANewOneStarts() throws Exception {
        Path natsDir = Files.createDirectories(dataDir.resolve("nats"));
        Process orphan = new ProcessBuilder("/usr/sbin/nats-server", "-a", "127.0.0.1", "-p", "-1")
                .redirectErrorStream(true)
                .redirectOutput(natsDir.resolve("orphan.log").toFile())
                .start();
        try {
            Files.writeString(natsDir.resolve("nats-server.pid"), Long.toString(orphan.pid()));
            try (EmbeddedNats nats = EmbeddedNats.start(dataDir, "127.0.0.1", 0)) {
                assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the earlier server was stopped");
                assertEquals(200, status(nats.monitorUrl() + "/healthz?js-enabled=true"));
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void syncsEveryWriteFromNatsServer210On() {
        assertFalse(EmbeddedNats.supportsSyncAlways("2.9.10"));
        assertTrue(EmbeddedNats.supportsSyncAlways("2.10.0"));
        assertTrue(EmbeddedNats.supportsSyncAlways("3.0.1"));
        assertTrue(EmbeddedNats.config(dataDir, "127.0.0.1", 0, true).contains("sync_interval: always"));
        assertTrue(EmbeddedNats.config(dataDir, "127.0.0.1", 0, false).contains("listen: \"127.0.0.1:-1\""));
    }

    private static int status(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static long readPid(Process jvm) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(ServerProcess.PID_PREFIX)) {
                return Long.parseLong(line.substring(ServerProcess.PID_PREFIX.length()));
            }
        }
        throw new IllegalStateException("the JVM ended without starting nats-server");
    }

    /** Starts a server and waits to be killed. */
    public static final class ServerProcess {
        static final String PID_PREFIX = "JUNCTION_TEST_NATS_PID=";

        public static void main(String[] args) throws Exception {
            EmbeddedNats nats = EmbeddedNats.start(Path.of(args[0]), "127.0.0.1", 0);
            System.out.println(PID_PREFIX + nats.pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait to be killed
            }
        }
    }
}
