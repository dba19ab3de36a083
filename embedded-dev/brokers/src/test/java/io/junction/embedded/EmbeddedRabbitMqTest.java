package io.junction.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's rabbitmq-server as a child process: ready on loopback, data under {@code rabbitmq/}, never orphaned. */
class EmbeddedRabbitMqTest {
    @TempDir
    Path dataDir;

    @Test
    void startsOnLoopbackWithItsFilesUnderTheDataDir() throws Exception {
        EmbeddedRabbitMq rabbit = EmbeddedRabbitMq.start(dataDir, "127.0.0.1", 0);
        try {
            Path dir = dataDir.resolve("rabbitmq");
            try (Socket amqp = new Socket("127.0.0.1", rabbit.port())) {
                assertTrue(amqp.isConnected());
            }
            assertTrue(Files.isDirectory(dir.resolve("mnesia")), "the database is under the data dir");
            assertTrue(Files.readString(dir.resolve("enabled_plugins")).contains("rabbitmq_sharding"));
            assertTrue(Files.readString(dir.resolve("nodename")).startsWith("junction-"));
            assertEquals("rabbitmq", rabbit.backendType());
            assertEquals(rabbit.amqpUri(), rabbit.backendSettings().get("uri"));
            assertEquals("http://127.0.0.1:" + rabbit.managementPort(), rabbit.backendSettings().get("managementUrl"));
            assertTrue(rabbit.describe().contains("amqp://127.0.0.1:" + rabbit.port()), rabbit.describe());
        } finally {
            rabbit.close();
        }
        rabbit.close(); // idempotent
        assertFalse(ProcessHandle.of(rabbit.pid()).map(ProcessHandle::isAlive).orElse(false), "stopped");
    }

    @Test
    void aBrokerDoesNotOutliveItsJvmKilledWithSigkillAndTheDataDirStartsAgain() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        long brokerPid;
        try {
            brokerPid = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> readPid(jvm));
            assertTrue(ProcessHandle.of(brokerPid).isPresent(), "rabbitmq-server runs");
        } finally {
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
            jvm.waitFor(30, TimeUnit.SECONDS);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(brokerPid).map(p -> !p.isAlive()).orElse(true));
        String nodeName = Files.readString(dataDir.resolve("rabbitmq/nodename"));

        try (EmbeddedRabbitMq again = EmbeddedRabbitMq.start(dataDir, "127.0.0.1", 0)) {
            assertEquals(nodeName, Files.readString(dataDir.resolve("rabbitmq/nodename")), "same node, same database");
            assertTrue(again.pid() != brokerPid);
        }
    }

    @Test
    void theConfigurationListensOnTheGivenAddressOnly() {
        String config = EmbeddedRabbitMq.config("127.0.0.1", 5672, 15672);
        assertTrue(config.contains("listeners.tcp.1 = 127.0.0.1:5672"), config);
        assertTrue(config.contains("management.tcp.ip = 127.0.0.1"), config);
        assertTrue(config.contains("management.tcp.port = 15672"), config);
    }

    private static long readPid(Process jvm) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(BrokerProcess.PID_PREFIX)) {
                return Long.parseLong(line.substring(BrokerProcess.PID_PREFIX.length()));
            }
        }
        throw new IllegalStateException("the JVM ended without starting rabbitmq-server");
    }

    /** Starts a broker and waits to be killed. */
    public static final class BrokerProcess {
        static final String PID_PREFIX = "JUNCTION_TEST_RABBITMQ_PID=";

        public static void main(String[] args) throws Exception {
            EmbeddedRabbitMq rabbit = EmbeddedRabbitMq.start(Path.of(args[0]), "127.0.0.1", 0);
            System.out.println(PID_PREFIX + rabbit.pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait to be killed
            }
        }
    }
}
