package org.ssi.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts one Kafka broker per test JVM (devstack's {@link KafkaBroker}, a JVM of its own, fresh data on free ports)
 * and runs the Quarkus test application with the change feeds over it. Use it restricted to the annotated class.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static ManagedProcess broker;
    private static String bootstrapServers;

    /** The broker's address, started on first use. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            Path home;
            try {
                home = Files.createTempDirectory("ssi-kafka-test");
                int port = Stack.freePortPair();
                Path repository = Path.of(System.getProperty("ssi.repository", ".."))
                        .toAbsolutePath()
                        .normalize();
                broker = KafkaBroker.start(
                        KafkaBroker.library(repository),
                        home,
                        port,
                        port + 1,
                        home.resolve("logs"),
                        Duration.ofMinutes(2));
                bootstrapServers = "127.0.0.1:" + port;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path data = home;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.stop();
                deleteQuietly(data);
            }));
        }
        return bootstrapServers;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(), "ssi.feed.transport", "kafka");
    }

    @Override
    public void stop() {
        // the broker is shared by every test application of this JVM and stops with it
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // the JVM is exiting; a temporary directory left behind does no harm
        }
    }
}
