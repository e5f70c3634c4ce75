package org.ssi.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apache Kafka's broker as a JVM of its own, from its jars on Maven Central ({@code kafka-broker/target/lib}, copied
 * there by the build): one KRaft node that is broker and controller, on loopback ports, with replication factors of
 * one and six partitions per topic, topics created when first used. Its data stays under the directory given, so
 * the topics and the consumers' offsets survive a restart, as PostgreSQL's data does.
 */
public final class KafkaBroker {

    public static final String VERSION = "4.1.1";
    public static final int PARTITIONS = 6;
    private static final String STARTED = "Kafka Server started";
    private static final Duration FORMAT_LIMIT = Duration.ofMinutes(2);

    private KafkaBroker() {}

    /** The broker's class path, as the build leaves it; fails with the command that makes it. */
    public static Path library(Path repository) {
        Path lib = repository.resolve("kafka-broker/target/lib");
        if (!Files.exists(lib.resolve("kafka_2.13-" + VERSION + ".jar"))) {
            throw new IllegalStateException(
                    "Kafka's jars are missing: " + lib + " (run ./mvnw -B -ntp -pl kafka-broker package)");
        }
        return lib;
    }

    /**
     * Writes the configuration, formats the storage the first time, starts the broker and waits until it has started.
     *
     * @param port the client listener (the bootstrap servers are {@code 127.0.0.1:port})
     * @param controllerPort the KRaft controller's listener; keep it with the data, the quorum remembers it
     */
    public static ManagedProcess start(Path lib, Path home, int port, int controllerPort, Path logDir, Duration limit)
            throws IOException {
        Files.createDirectories(home);
        Path data = home.resolve("data");
        Path properties = home.resolve("server.properties");
        Files.writeString(properties, serverProperties(data, port, controllerPort));
        Path log4j = home.resolve("log4j2.properties");
        Files.writeString(log4j, LOG4J);
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(lib, home, properties, log4j, logDir);
        }
        Path log = logDir.resolve("kafka.log");
        long logged = Files.exists(log) ? Files.size(log) : 0;
        ManagedProcess broker = ManagedProcess.start(
                "kafka",
                List.of(
                        javaCommand(),
                        "-Xms128m",
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-Dlog4j2.configurationFile=" + log4j,
                        "-cp",
                        lib + "/*",
                        "kafka.Kafka",
                        properties.toString()),
                home,
                Map.of(),
                logDir,
                null);
        awaitStarted(broker, logged, limit);
        return broker;
    }

    private static void format(Path lib, Path home, Path properties, Path log4j, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Process format = new ProcessBuilder(
                        javaCommand(),
                        "-Xmx128m",
                        "-Dlog4j2.configurationFile=" + log4j,
                        "-cp",
                        lib + "/*",
                        "kafka.tools.StorageTool",
                        "format",
                        "--standalone",
                        "-t",
                        clusterId(),
                        "-c",
                        properties.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logDir.resolve("kafka.log").toFile()))
                .start();
        try {
            if (!format.waitFor(FORMAT_LIMIT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException(
                        "Formatting Kafka's storage failed; see " + logDir.resolve("kafka.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A cluster id as Kafka makes them: 16 random bytes, base64url without padding, not starting with a dash. */
    static String clusterId() {
        SecureRandom random = new SecureRandom();
        while (true) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    static String serverProperties(Path data, int port, int controllerPort) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                log.dirs=%3$s
                num.partitions=%4$d
                auto.create.topics.enable=true
                default.replication.factor=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=6
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                log.retention.hours=168
                """.formatted(port, controllerPort, data, PARTITIONS);
    }

    private static final String LOG4J = """
            status = warn
            appender.console.type = Console
            appender.console.name = STDOUT
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = WARN
            rootLogger.appenderRef.stdout.ref = STDOUT
            logger.server.name = kafka.server.KafkaRaftServer
            logger.server.level = INFO
            logger.broker.name = kafka.server.BrokerServer
            logger.broker.level = INFO
            """;

    private static void awaitStarted(ManagedProcess broker, long logged, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (!logSays(broker.log(), logged, STARTED)) {
            if (!broker.alive()) {
                throw new IllegalStateException("Kafka exited; see " + broker.log() + broker.lastLines());
            }
            if (Instant.now().isAfter(deadline)) {
                broker.stop();
                throw new IllegalStateException("Kafka not started after " + limit.toSeconds() + " s; see "
                        + broker.log() + broker.lastLines());
            }
            ManagedProcess.sleep(250);
        }
    }

    /** Whether the log says so after the first {@code logged} bytes (the log is appended to across starts). */
    private static boolean logSays(Path log, long logged, String text) {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logged);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
