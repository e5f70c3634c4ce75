package org.ssi.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The whole suite on one machine: PostgreSQL, Keycloak with the ssi realm, with the feeds over Kafka a broker, and the
 * four services (scoring-service as one or more replicas), each waited for until ready. Used by {@code ./ssi up} and
 * by the end-to-end tests.
 */
public final class Stack implements AutoCloseable {

    /** Three minutes per service, or the system property {@code ssi.service.startup-minutes}. */
    /** How long a service may take to stop while it writes its ahead-of-time cache. */
    private static final String JAR = "target/quarkus-app/quarkus-run.jar";

    private static final Duration CACHE_WRITING = Duration.ofMinutes(3);

    private static final Duration SERVICE_STARTUP = Duration.ofMinutes(Long.getLong("ssi.service.startup-minutes", 3));

    private final StackConfig config;
    private final Secrets secrets;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final Map<String, ServiceLaunch> launches = new LinkedHashMap<>();
    private final ServiceJvm jvm = ServiceJvm.find(System.getenv());
    /** The jars whose process records their ahead-of-time cache in this stack: they write it when they stop. */
    private final Set<Path> recording = ConcurrentHashMap.newKeySet();
    /** Whether Keycloak records its ahead-of-time cache in this stack, to write it when it stops. */
    private volatile boolean keycloakRecords;

    private LocalPostgres postgres;

    /** How a service was started, so that a fault test can start it again the same way. */
    private record ServiceLaunch(
            String name, String module, int port, String jdbcUrl, Map<String, String> extra, Path logs) {}

    /** How long the Kafka broker may take to start (it takes about five seconds). */
    private static final Duration KAFKA_STARTUP = Duration.ofMinutes(2);

    /** Test ports: from here up to the kernel's ephemeral range, each handed out once per JVM. */
    private static final int FIRST_TEST_PORT = 20000;

    private static final int EPHEMERAL_RANGE_START = ephemeralRangeStart();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The secrets of the local suite, generated once and kept beside the data: the client secrets of the realm, and the
     * key of the protective noise on group figures ({@code ssi.privacy.secret} of every service).
     */
    public record Secrets(String ingest, String service, String privacy) {}

    /** The address of the services behind the gateway: loopback only, so that nothing reaches them but through it. */
    private static final String INTERNAL_HOST = "127.0.0.1";

    private Stack(StackConfig config, Secrets secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    public static Stack start(StackConfig config) throws IOException {
        if (config.feedProblem() != null) {
            throw new IllegalStateException(config.feedProblem());
        }
        checkPortsFree(config);
        Stack stack = new Stack(config, secrets(config));
        try {
            stack.startAll();
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public StackConfig config() {
        return config;
    }

    public Secrets secrets() {
        return secrets;
    }

    /** Component name to URL, in start order. */
    public Map<String, String> urls() {
        return urls;
    }

    public List<ManagedProcess> processes() {
        return processes;
    }

    private void startAll() throws IOException {
        Path logs = config.home().resolve("logs");
        String jdbcUrl = startDatabase();
        if (config.oidcUrl() == null) {
            Path keycloak = KeycloakServer.install(config.keycloakZip(), config.home());
            KeycloakServer.writeRealm(keycloak, config.gatewayUrl(), secrets.ingest(), secrets.service());
            log("Starting Keycloak on port " + config.keycloakPort() + " (the first start takes about a minute)");
            keycloakRecords = KeycloakServer.records(keycloak, jvm);
            ManagedProcess server = KeycloakServer.start(keycloak, config.keycloakPort(), logs, jvm);
            processes.add(server);
            urls.put("keycloak", "http://localhost:" + config.keycloakPort());
        }
        Map<String, String> feeds = feedEnvironment(logs);
        if (config.otlpEndpoint() != null) {
            log("The services send their traces to " + config.otlpEndpoint() + " (OTLP over HTTP)");
        }
        log("The services run on " + jvm.description());
        List<ManagedProcess> services = new ArrayList<>();
        Map<String, String> activity = new HashMap<>(feeds);
        activity.put("QUARKUS_HTTP_HOST", INTERNAL_HOST);
        services.add(startService("activity-service", config.activityPort(), jdbcUrl, activity, logs));
        for (int replica = 1; replica <= config.scoringReplicas(); replica++) {
            Map<String, String> scoring = new HashMap<>(feeds);
            scoring.put("QUARKUS_HTTP_HOST", INTERNAL_HOST);
            scoring.put("QUARKUS_REST_CLIENT_ACTIVITY_URL", internalUrl(config.activityPort()));
            services.add(
                    replica == 1
                            ? startService("scoring-service", config.scoringPort(), jdbcUrl, scoring, logs)
                            : startService(
                                    "scoring-service-" + replica,
                                    "scoring-service",
                                    freePort(),
                                    jdbcUrl,
                                    scoring,
                                    logs));
        }
        Map<String, String> ranking = new HashMap<>(feeds);
        ranking.put("QUARKUS_HTTP_HOST", INTERNAL_HOST);
        ranking.put("QUARKUS_REST_CLIENT_SCORING_URL", internalUrl(config.scoringPort()));
        ranking.put("QUARKUS_REST_CLIENT_ACTIVITY_URL", internalUrl(config.activityPort()));
        services.add(startService("ranking-service", config.rankingPort(), jdbcUrl, ranking, logs));
        // the three start beside Keycloak and are ready once it answers; the gateway's OIDC tenants are set up only
        // at its start (a tenant that found no Keycloak waits for a first request), so it starts after Keycloak
        if (config.oidcUrl() == null) {
            process("keycloak").awaitReady(KeycloakServer.startupLimit());
            log("Keycloak ready at " + urls.get("keycloak"));
        }
        services.add(startService(
                "gateway",
                config.gatewayPort(),
                null,
                Map.of(
                        "SSI_SERVICES_ACTIVITY", internalUrl(config.activityPort()),
                        "SSI_SERVICES_SCORING", internalUrl(config.scoringPort()),
                        "SSI_SERVICES_RANKING", internalUrl(config.rankingPort())),
                logs));
        for (ManagedProcess service : services) {
            service.awaitReady(SERVICE_STARTUP);
            log(service.name() + " ready at " + urls.get(service.name()));
        }
    }

    /** With the feeds over Kafka: starts the broker, and answers the services' settings for it. */
    private Map<String, String> feedEnvironment(Path logs) throws IOException {
        if (!config.kafka()) {
            return Map.of();
        }
        log("Starting Kafka " + KafkaBroker.VERSION + " on port " + config.kafkaPort());
        ManagedProcess broker = KafkaBroker.start(
                KafkaBroker.library(config.repository()),
                config.home().resolve("kafka"),
                config.kafkaPort(),
                config.kafkaPort() + 1,
                logs,
                KAFKA_STARTUP);
        processes.add(broker);
        String servers = "127.0.0.1:" + config.kafkaPort();
        urls.put("kafka", servers);
        log("Kafka ready at " + servers);
        return Map.of("SSI_FEED_TRANSPORT", "kafka", "KAFKA_BOOTSTRAP_SERVERS", servers);
    }

    private String startDatabase() throws IOException {
        if (config.dbUrl() != null) {
            urls.put("postgresql", config.dbUrl());
            return config.dbUrl();
        }
        postgres = LocalPostgres.start(
                config.home().resolve("postgres"),
                config.postgresPort(),
                LocalPostgres.Durability.fromSystemProperties());
        String jdbcUrl = postgres.jdbcUrl(LocalPostgres.DATABASE);
        urls.put("postgresql", jdbcUrl);
        log("PostgreSQL ready at " + jdbcUrl + " (" + postgres.durabilityDescription() + ")");
        return jdbcUrl;
    }

    private ManagedProcess startService(String module, int port, String jdbcUrl, Map<String, String> extra, Path logs)
            throws IOException {
        return startService(module, module, port, jdbcUrl, extra, logs);
    }

    /** Starts a service's packaged jar as a process named {@code name} (a module, or a second replica of one). */
    private ManagedProcess startService(
            String name, String module, int port, String jdbcUrl, Map<String, String> extra, Path logs)
            throws IOException {
        launches.put(name, new ServiceLaunch(name, module, port, jdbcUrl, extra, logs));
        Path jar = config.repository().resolve(module).resolve(JAR);
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Not built: " + jar + " (run ./mvnw -DskipTests package)");
        }
        Map<String, String> env = new HashMap<>(extra);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", config.realmUrl());
        env.put("SSI_SERVICE_SECRET", secrets.service());
        env.put("SSI_PRIVACY_SECRET", secrets.privacy());
        env.putAll(traceEnvironment());
        if (jdbcUrl != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", jdbcUrl.substring("jdbc:".length()));
            env.put("QUARKUS_DATASOURCE_USERNAME", config.dbUrl() == null ? LocalPostgres.USER : config.dbUser());
            env.put("QUARKUS_DATASOURCE_PASSWORD", config.dbUrl() == null ? "" : config.dbPassword());
        }
        String url =
                INTERNAL_HOST.equals(env.get("QUARKUS_HTTP_HOST")) ? internalUrl(port) : "http://localhost:" + port;
        urls.put(name, url);
        env.putAll(ServiceJvm.ENVIRONMENT);
        // one process records a build's cache: a second replica of it starts without
        boolean recordedElsewhere = jvm.records(jar) && !recording.add(jar);
        List<String> command = recordedElsewhere ? jvm.withoutCache().command(jar) : jvm.command(jar);
        ManagedProcess process = ManagedProcess.start(
                name, command, config.repository().resolve(module), env, logs, url + "/q/health/ready");
        processes.add(process);
        return process;
    }

    /**
     * The services' trace settings: with an OTLP endpoint, the OpenTelemetry SDK on and exporting there over
     * OTLP/HTTP, in batches sent every second so that a trace shows up while one looks for it; without one, off (the
     * services' default), so that nothing is sent anywhere.
     */
    private Map<String, String> traceEnvironment() {
        if (config.otlpEndpoint() == null) {
            return Map.of();
        }
        return Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", config.otlpEndpoint(),
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "1s");
    }

    private static String internalUrl(int port) {
        return "http://" + INTERNAL_HOST + ":" + port;
    }

    /** Kills a component (a service or Keycloak) at once, as a crash would: SIGKILL, no shutdown hooks. */
    public void kill(String name) {
        process(name).kill();
    }

    /** Starts a killed component again (a service or Keycloak), as it was started, and waits until it is ready. */
    public void restart(String module) throws IOException {
        if (module.equals("keycloak")) {
            processes.remove(process(module));
            Path keycloak = KeycloakServer.install(config.keycloakZip(), config.home());
            keycloakRecords = KeycloakServer.records(keycloak, jvm);
            ManagedProcess server = KeycloakServer.start(
                    keycloak, config.keycloakPort(), config.home().resolve("logs"), jvm);
            processes.add(0, server);
            server.awaitReady(KeycloakServer.startupLimit());
            log("keycloak restarted");
            return;
        }
        ServiceLaunch launch = launches.get(module);
        if (launch == null) {
            throw new IllegalArgumentException("Not a service of this stack: " + module);
        }
        processes.removeIf(process -> process.name().equals(module));
        ManagedProcess service = startService(
                launch.name(), launch.module(), launch.port(), launch.jdbcUrl(), launch.extra(), launch.logs());
        service.awaitReady(SERVICE_STARTUP);
        log(module + " restarted");
    }

    /**
     * Starts a killed service again as it was started, without waiting until it is ready: for a test whose
     * dependency (Keycloak, say) is down, so that the service cannot become ready yet.
     */
    public void relaunch(String module) throws IOException {
        ServiceLaunch launch = launches.get(module);
        if (launch == null) {
            throw new IllegalArgumentException("Not a service of this stack: " + module);
        }
        processes.remove(process(module));
        startService(launch.module(), launch.port(), launch.jdbcUrl(), launch.extra(), launch.logs());
        log(module + " started again (not waiting until it is ready)");
    }

    /**
     * Stops a service as {@code ./ssi down} would (SIGTERM), giving it the time to write its ahead-of-time cache when
     * it records one, and forgets it; {@link #restart(String)} starts it again.
     */
    public void stop(String name) {
        ManagedProcess service = process(name);
        service.stopAlone(serviceGrace());
        processes.remove(service);
        recording.remove(
                config.repository().resolve(launches.get(name).module()).resolve(JAR));
    }

    /** The JVM that runs the services, with its options and ahead-of-time caches. */
    public ServiceJvm jvm() {
        return jvm;
    }

    /**
     * Whether a start of this stack would record an ahead-of-time cache for some service (its first start after a
     * build, on a JDK 25 or later): such a start is slower, and only its stop writes the caches.
     */
    public static boolean recordsCaches(StackConfig config) {
        ServiceJvm jvm = ServiceJvm.find(System.getenv());
        return Stream.of("activity-service", "scoring-service", "ranking-service", "gateway")
                .anyMatch(module ->
                        jvm.records(config.repository().resolve(module).resolve(JAR)));
    }

    /** The time a service gets to stop: longer while some service of this stack writes its cache as it stops. */
    private Duration serviceGrace() {
        return recording.isEmpty() ? Duration.ofSeconds(20) : CACHE_WRITING;
    }

    /** Stops the services that own a database (activity, scoring, ranking), as before a backup or a restore. */
    public void stopDatabaseServices() {
        for (ServiceLaunch launch : launches.values()) {
            if (launch.jdbcUrl() != null) {
                stop(launch.module());
            }
        }
    }

    /**
     * Starts the services stopped by {@link #stopDatabaseServices()} against a database (a restored copy, say), on
     * the same ports, and waits until each is ready; the gateway keeps running.
     */
    public void startDatabaseServices(String jdbcUrl) throws IOException {
        List<ManagedProcess> started = new ArrayList<>();
        for (ServiceLaunch launch : List.copyOf(launches.values())) {
            if (launch.jdbcUrl() != null) {
                started.add(startService(launch.module(), launch.port(), jdbcUrl, launch.extra(), launch.logs()));
            }
        }
        urls.put("postgresql", jdbcUrl);
        for (ManagedProcess service : started) {
            service.awaitReady(SERVICE_STARTUP);
            log(service.name() + " ready against " + jdbcUrl);
        }
    }

    /** Stops the embedded PostgreSQL server and starts it again on the same port and data. */
    public void restartDatabase() throws IOException {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not embedded in this stack");
        }
        int port = postgres.port();
        postgres.close();
        postgres = LocalPostgres.start(
                config.home().resolve("postgres"), port, LocalPostgres.Durability.fromSystemProperties());
        log("PostgreSQL restarted on port " + port);
    }

    private ManagedProcess process(String name) {
        return processes.stream()
                .filter(process -> process.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No component named " + name));
    }

    private static void checkPortsFree(StackConfig config) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("SSI_GATEWAY_PORT (gateway)", config.gatewayPort());
        ports.put("SSI_ACTIVITY_PORT (activity-service)", config.activityPort());
        ports.put("SSI_SCORING_PORT (scoring-service)", config.scoringPort());
        ports.put("SSI_RANKING_PORT (ranking-service)", config.rankingPort());
        if (config.oidcUrl() == null) {
            ports.put("SSI_KEYCLOAK_PORT (Keycloak)", config.keycloakPort());
        }
        if (config.kafka()) {
            ports.put("SSI_KAFKA_PORT (Kafka)", config.kafkaPort());
            ports.put("SSI_KAFKA_PORT (Kafka's controller, the next port)", config.kafkaPort() + 1);
        }
        if (config.dbUrl() == null && config.postgresPort() != 0) {
            ports.put("SSI_POSTGRES_PORT (PostgreSQL)", config.postgresPort());
        }
        List<String> taken = new ArrayList<>();
        ports.forEach((name, port) -> {
            if (!free(port)) {
                taken.add(
                        "port " + port + " is in use; free it or set " + name.replace(" (", " to another port (for "));
            }
        });
        if (!taken.isEmpty()) {
            throw new IllegalStateException(String.join("\n", taken));
        }
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free port whose next port is free too, for Kafka (its controller listens beside it), for tests. */
    public static int freePortPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (free(port + 1) && HANDED_OUT.add(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free ports side by side");
    }

    /**
     * A free port on this machine, for tests: below the kernel's ephemeral range, so that no outgoing connection takes
     * it between now and the moment its server binds it (a minute later, for the ports of the services started after
     * Keycloak), and never the same twice in this JVM.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = FIRST_TEST_PORT + RANDOM.nextInt(EPHEMERAL_RANGE_START - FIRST_TEST_PORT - 1);
            if (free(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST_TEST_PORT + " and " + EPHEMERAL_RANGE_START);
    }

    /** The first port the kernel hands to outgoing connections (Linux's default where it cannot be read). */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
            int start = Integer.parseInt(range.trim().split("\\s+")[0]);
            return start > FIRST_TEST_PORT + 1000 ? start : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    /**
     * The secrets: from SSI_INGEST_SECRET, SSI_SERVICE_SECRET and SSI_PRIVACY_SECRET, else kept in $SSI_HOME (made once).
     */
    public static Secrets secrets(StackConfig config) throws IOException {
        Path file = config.home().resolve("secrets.properties");
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        boolean changed = false;
        for (String key : List.of("ingest", "service", "privacy")) {
            String fromEnv = System.getenv("SSI_" + key.toUpperCase() + "_SECRET");
            if (fromEnv != null) {
                properties.setProperty(key, fromEnv);
            } else if (!properties.containsKey(key)) {
                properties.setProperty(key, randomSecret());
                changed = true;
            }
        }
        if (changed) {
            Files.createDirectories(config.home());
            try (var out = Files.newOutputStream(file)) {
                properties.store(
                        out, "Client secrets of the local ssi realm and the privacy noise key (generated by ./ssi up)");
            }
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
        return new Secrets(
                properties.getProperty("ingest"), properties.getProperty("service"), properties.getProperty("privacy"));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void log(String line) {
        System.out.println("[ssi] " + line);
        System.out.flush();
    }

    /**
     * Stops the services, then Kafka, then Keycloak, then PostgreSQL; the data is kept. The services stop together,
     * and have {@link #CACHE_WRITING} to do so while one writes its ahead-of-time cache.
     */
    @Override
    public void close() {
        List<ManagedProcess> services = processes.stream()
                .filter(process -> launches.containsKey(process.name()))
                .toList();
        services.forEach(ManagedProcess::requestStop);
        if (keycloakRecords) {
            process("keycloak").requestStop(); // its cache is written meanwhile
        }
        if (!recording.isEmpty() || keycloakRecords) {
            log("writing the services' ahead-of-time caches (once per build; up to a minute)");
        }
        Duration grace = serviceGrace();
        services.forEach(service -> service.stopAlone(grace));
        for (int i = processes.size() - 1; i >= 0; i--) {
            ManagedProcess process = processes.get(i);
            if (process.name().equals("keycloak") && keycloakRecords) {
                process.stopAlone(CACHE_WRITING);
            } else {
                process.stop();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                log("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }
}
