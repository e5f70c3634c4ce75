package org.ssi.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how the local stack runs. {@code dbUrl} and {@code oidcUrl} are null for the embedded PostgreSQL and
 * the bundled Keycloak. {@code feedTransport} is {@code http} (no broker) or {@code kafka} (a local broker on
 * {@code kafkaPort}, its controller on the next port); {@code scoringReplicas} scoring-service processes share the
 * activity changes (over Kafka, in one consumer group). {@code otlpEndpoint}, when not null, is the OTLP/HTTP
 * collector every service sends its traces to ({@code SSI_OTLP_ENDPOINT}); null sends none.
 */
public record StackConfig(
        Path repository,
        Path home,
        int gatewayPort,
        int activityPort,
        int scoringPort,
        int rankingPort,
        int keycloakPort,
        int postgresPort,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String oidcUrl,
        Path keycloakZip,
        String feedTransport,
        int kafkaPort,
        int scoringReplicas,
        String otlpEndpoint) {

    public static final String HTTP = "http";
    public static final String KAFKA = "kafka";

    /** What is wrong with the feed settings, or null; checked when a stack starts. */
    public String feedProblem() {
        if (!HTTP.equals(feedTransport) && !KAFKA.equals(feedTransport)) {
            return "SSI_FEED_TRANSPORT must be http or kafka, not " + feedTransport;
        }
        if (scoringReplicas < 1 || (scoringReplicas > 1 && !kafka())) {
            return "SSI_SCORING_REPLICAS above 1 needs the feeds over Kafka (./ssi up --kafka)";
        }
        return null;
    }

    /** The stack with the change feeds over HTTP and one scoring-service. */
    public StackConfig(
            Path repository,
            Path home,
            int gatewayPort,
            int activityPort,
            int scoringPort,
            int rankingPort,
            int keycloakPort,
            int postgresPort,
            String dbUrl,
            String dbUser,
            String dbPassword,
            String oidcUrl,
            Path keycloakZip) {
        this(
                repository,
                home,
                gatewayPort,
                activityPort,
                scoringPort,
                rankingPort,
                keycloakPort,
                postgresPort,
                dbUrl,
                dbUser,
                dbPassword,
                oidcUrl,
                keycloakZip,
                HTTP,
                9092,
                1,
                null);
    }

    /** The stack without traces. */
    public StackConfig(
            Path repository,
            Path home,
            int gatewayPort,
            int activityPort,
            int scoringPort,
            int rankingPort,
            int keycloakPort,
            int postgresPort,
            String dbUrl,
            String dbUser,
            String dbPassword,
            String oidcUrl,
            Path keycloakZip,
            String feedTransport,
            int kafkaPort,
            int scoringReplicas) {
        this(
                repository,
                home,
                gatewayPort,
                activityPort,
                scoringPort,
                rankingPort,
                keycloakPort,
                postgresPort,
                dbUrl,
                dbUser,
                dbPassword,
                oidcUrl,
                keycloakZip,
                feedTransport,
                kafkaPort,
                scoringReplicas,
                null);
    }

    /** The defaults of design/api.md, each overridable by an environment variable. */
    public static StackConfig fromEnvironment(Path repository, Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("SSI_HOME", System.getProperty("user.home") + "/.ssi"));
        String zip = env.get("SSI_KEYCLOAK_ZIP");
        return new StackConfig(
                repository,
                home,
                port(env, "SSI_GATEWAY_PORT", 8080),
                port(env, "SSI_ACTIVITY_PORT", 8081),
                port(env, "SSI_SCORING_PORT", 8082),
                port(env, "SSI_RANKING_PORT", 8083),
                port(env, "SSI_KEYCLOAK_PORT", 8180),
                port(env, "SSI_POSTGRES_PORT", 5442),
                env.get("SSI_DB_URL"),
                env.getOrDefault("SSI_DB_USER", LocalPostgres.USER),
                env.getOrDefault("SSI_DB_PASSWORD", ""),
                env.get("SSI_OIDC_URL"),
                zip == null ? null : Path.of(zip),
                env.getOrDefault("SSI_FEED_TRANSPORT", HTTP),
                port(env, "SSI_KAFKA_PORT", 9092),
                port(env, "SSI_SCORING_REPLICAS", 1),
                blankToNull(env.get("SSI_OTLP_ENDPOINT")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public boolean kafka() {
        return KAFKA.equals(feedTransport);
    }

    /** The same stack with the change feeds over Kafka on the port, and that many scoring-service replicas. */
    public StackConfig withKafka(int port, int replicas) {
        return new StackConfig(
                repository,
                home,
                gatewayPort,
                activityPort,
                scoringPort,
                rankingPort,
                keycloakPort,
                postgresPort,
                dbUrl,
                dbUser,
                dbPassword,
                oidcUrl,
                keycloakZip,
                KAFKA,
                port,
                replicas,
                otlpEndpoint);
    }

    /** The same stack with every service sending its traces to the OTLP/HTTP collector at {@code endpoint}. */
    public StackConfig withOtlpEndpoint(String endpoint) {
        return new StackConfig(
                repository,
                home,
                gatewayPort,
                activityPort,
                scoringPort,
                rankingPort,
                keycloakPort,
                postgresPort,
                dbUrl,
                dbUser,
                dbPassword,
                oidcUrl,
                keycloakZip,
                feedTransport,
                kafkaPort,
                scoringReplicas,
                endpoint);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not " + value);
        }
    }

    public String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    public String realmUrl() {
        return oidcUrl != null ? oidcUrl : "http://localhost:" + keycloakPort + "/realms/" + KeycloakServer.REALM;
    }
}
