package org.ssi.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * Starts one embedded PostgreSQL per test JVM and gives each Quarkus test application a database of its own, so
 * tests never rely on a server already running.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalPostgres server;

    private static synchronized LocalPostgres server() {
        if (server == null) {
            try {
                server = LocalPostgres.start(null, 0, LocalPostgres.Durability.FAST_FOR_TESTS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestResource::stopServer));
        }
        return server;
    }

    private static void stopServer() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is exiting: nothing more to do
        }
    }

    @Override
    public Map<String, String> start() {
        LocalPostgres postgres = server();
        String database = "test_" + UUID.randomUUID().toString().replace("-", "");
        postgres.createDatabase(database);
        String jdbcUrl = postgres.jdbcUrl(database);
        return Map.of(
                "quarkus.datasource.jdbc.url",
                jdbcUrl,
                "quarkus.datasource.reactive.url",
                jdbcUrl.substring("jdbc:".length()),
                "quarkus.datasource.username",
                LocalPostgres.USER,
                "quarkus.datasource.password",
                "");
    }

    @Override
    public void stop() {
        // the server is shared by every test application of this JVM and stops with it
    }
}
