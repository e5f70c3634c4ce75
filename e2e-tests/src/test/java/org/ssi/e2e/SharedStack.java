package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import org.ssi.devstack.Http;
import org.ssi.devstack.KeycloakServer;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;

/**
 * One suite for every end-to-end test class, since starting Keycloak and four services is what costs: started by the
 * first class that asks, on free ports and fresh data, and stopped when the test JVM ends. Its services export their
 * traces to a receiver in this JVM ({@link #traces()}), as they would to a collector.
 */
final class SharedStack {

    /** Keycloak's temporary administrator (master realm), for the tests that change realms at run time. */
    static final String KEYCLOAK_ADMIN = "e2e-admin";

    private static Stack stack;
    private static Exception failure;
    private static String keycloakAdminPassword;
    private static TraceReceiver traces;

    private SharedStack() {}

    static synchronized Stack get() throws Exception {
        if (failure != null) {
            throw new IllegalStateException("The suite did not start for an earlier test class", failure);
        }
        if (stack == null) {
            try {
                stack = start();
            } catch (Exception e) {
                failure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-the-suite"));
        }
        return stack;
    }

    /** The spans the suite's services have exported so far. */
    static synchronized TraceReceiver traces() throws Exception {
        get();
        return traces;
    }

    /** A token of {@link #KEYCLOAK_ADMIN} from the master realm of Keycloak at {@code keycloak}, for its admin API. */
    static String keycloakAdminToken(String keycloak) throws Exception {
        Http.Answer answer = Http.form(
                keycloak + "/realms/master/protocol/openid-connect/token",
                java.util.Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        KEYCLOAK_ADMIN,
                        "password",
                        keycloakAdminPassword()));
        if (answer.status() != 200) {
            throw new IllegalStateException("Keycloak's admin token: " + answer.status() + " " + answer.body());
        }
        return answer.json().get("access_token").asText();
    }

    /** The password of {@link #KEYCLOAK_ADMIN}, made for this run. */
    static synchronized String keycloakAdminPassword() throws Exception {
        get();
        return keycloakAdminPassword;
    }

    private static Stack start() throws Exception {
        Path home = Path.of(System.getProperty("ssi.e2e.home"));
        deleteRecursively(home.resolve("postgres"));
        deleteRecursively(home.resolve("keycloak-26.7.3/data/h2"));
        bootstrapKeycloakAdmin(home);
        traces = TraceReceiver.start();
        Runtime.getRuntime().addShutdownHook(new Thread(traces::close, "stop-the-trace-receiver"));
        StackConfig config = onFreePorts(home).withOtlpEndpoint(traces.endpoint());
        ContractCheck.gateway(config.gatewayUrl());
        return Stack.start(config);
    }

    /**
     * Until both change feeds are read to their end and every directory member is ranked: nothing in flight when
     * figures are read.
     */
    static void awaitFeedsCaughtUp(String jdbcUrl) throws SQLException, InterruptedException {
        String sql = "select (select coalesce(max(seq), 0) from activity.member_change)"
                + " - (select coalesce(max(position), 0) from scoring.feed_cursor),"
                + " (select coalesce(max(seq), 0) from scoring.score_change)"
                + " - (select coalesce(max(position), 0) from ranking.feed_cursor),"
                + " (select count(*) from activity.member) - (select count(*) from ranking.member_score)";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = db.createStatement().executeQuery(sql)) {
                    rows.next();
                    if (rows.getLong(1) <= 0 && rows.getLong(2) <= 0 && rows.getLong(3) <= 0) {
                        Thread.sleep(1_500); // ranking-service applies what it read just after moving its cursor
                        return;
                    }
                }
                Thread.sleep(500);
            }
        }
        fail("the feeds did not catch up");
    }

    /**
     * A stack of this repository's packaged services, with the embedded PostgreSQL and the bundled Keycloak (from the
     * distribution the build downloaded), on free ports, keeping its data under {@code home}.
     */
    static StackConfig onFreePorts(Path home) {
        return new StackConfig(
                Path.of(System.getProperty("ssi.repository")).toAbsolutePath().normalize(),
                home,
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                0,
                null,
                null,
                null,
                null,
                Path.of(System.getProperty("ssi.keycloak.zip")));
    }

    /**
     * A temporary administrator of the master realm, with a password made for this run and written into the
     * distribution's configuration (as {@code bootstrap-admin-*}), since Keycloak creates it only with the master
     * realm, and the realm data is new at every run.
     */
    private static void bootstrapKeycloakAdmin(Path home) throws Exception {
        Path keycloak = KeycloakServer.install(Path.of(System.getProperty("ssi.keycloak.zip")), home);
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        keycloakAdminPassword = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.writeString(
                keycloak.resolve("conf/keycloak.conf"),
                "# Written by the end-to-end tests at each run.\n"
                        + "bootstrap-admin-username=" + KEYCLOAK_ADMIN + "\n"
                        + "bootstrap-admin-password=" + keycloakAdminPassword + "\n");
    }

    static void deleteRecursively(Path path) throws Exception {
        if (Files.exists(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
