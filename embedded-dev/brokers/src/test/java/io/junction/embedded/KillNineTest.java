package io.junction.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A send the client saw confirmed survives SIGKILL of the broker's JVM. */
class KillNineTest {
    @TempDir
    Path dataDir;

    @Test
    void confirmedSendSurvivesKillMinus9() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            int port = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readPort(child));
            try (EmbeddedArtemisTest.CoreClient client = new EmbeddedArtemisTest.CoreClient("tcp://127.0.0.1:" + port)) {
                client.provision();
                client.send("survivor");
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no journal flush
            child.waitFor(30, TimeUnit.SECONDS);
        }

        try (EmbeddedArtemis broker = EmbeddedArtemis.start(dataDir, "127.0.0.1", 0);
             EmbeddedArtemisTest.CoreClient client = new EmbeddedArtemisTest.CoreClient(broker.coreUrl())) {
            assertEquals("survivor", client.receiveAndAck());
        }
    }

    private static int readPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(BrokerProcess.PORT_PREFIX)) {
                return Integer.parseInt(line.substring(BrokerProcess.PORT_PREFIX.length()));
            }
        }
        throw new IllegalStateException("broker process ended without reporting its port");
    }

    /** Runs a broker until its standard input closes or it is killed. */
    public static final class BrokerProcess {
        static final String PORT_PREFIX = "JUNCTION_TEST_PORT=";

        public static void main(String[] args) throws Exception {
            try (EmbeddedArtemis broker = EmbeddedArtemis.start(Path.of(args[0]), "127.0.0.1", 0)) {
                System.out.println(PORT_PREFIX + broker.port());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to go away
                }
            }
        }
    }
}
