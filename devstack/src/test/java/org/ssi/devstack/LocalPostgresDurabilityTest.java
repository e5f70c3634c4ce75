package org.ssi.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.LocalPostgres.Durability;

/** The embedded PostgreSQL of a user's stack keeps what it committed; only tests ask for the fast settings. */
class LocalPostgresDurabilityTest {

    @Test
    void a_user_stack_commits_to_disk_with_fsync_and_synchronous_commit_on() throws Exception {
        Path data = Files.createTempDirectory("ssi-durable");
        try (LocalPostgres postgres = LocalPostgres.start(data, 0)) {
            assertEquals(
                    Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"), settings(postgres));
        }
    }

    @Test
    void tests_may_turn_both_off() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(null, 0, Durability.FAST_FOR_TESTS)) {
            assertEquals(
                    Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"), settings(postgres));
        }
    }

    @Test
    void a_stack_is_durable_unless_the_tests_property_says_otherwise() {
        String before = System.getProperty(Durability.PROPERTY);
        try {
            System.clearProperty(Durability.PROPERTY);
            assertEquals(Durability.DURABLE, Durability.fromSystemProperties());
            System.setProperty(Durability.PROPERTY, "true");
            assertEquals(Durability.FAST_FOR_TESTS, Durability.fromSystemProperties());
        } finally {
            if (before == null) {
                System.clearProperty(Durability.PROPERTY);
            } else {
                System.setProperty(Durability.PROPERTY, before);
            }
        }
    }

    private static Map<String, String> settings(LocalPostgres postgres) throws Exception {
        try (Connection connection =
                DriverManager.getConnection(postgres.jdbcUrl(LocalPostgres.DATABASE), LocalPostgres.USER, "")) {
            return Map.of(
                    "fsync", show(connection, "fsync"),
                    "synchronous_commit", show(connection, "synchronous_commit"),
                    "full_page_writes", show(connection, "full_page_writes"));
        }
    }

    private static String show(Connection connection, String setting) throws Exception {
        try (ResultSet row = connection.createStatement().executeQuery("show " + setting)) {
            row.next();
            return row.getString(1);
        }
    }
}
