package org.ssi.devstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how the local stack runs. {@code dbUrl} and {@code oidcUrl} are null for the embedded PostgreSQL and
 * the bundled Keycloak.
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
        Path keycloakZip) {

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
                zip == null ? null : Path.of(zip));
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

    public StackConfig withPostgresPort(int port) {
        return new StackConfig(
                repository,
                home,
                gatewayPort,
                activityPort,
                scoringPort,
                rankingPort,
                keycloakPort,
                port,
                dbUrl,
                dbUser,
                dbPassword,
                oidcUrl,
                keycloakZip);
    }
}
