package org.ssi.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real PostgreSQL server from Maven Central (zonky), kept in a data directory of ours so that a second start finds
 * the same data. A user's data gets a {@link Durability#DURABLE} server; zonky's own defaults ({@code fsync} and
 * {@code synchronous_commit} off) are only for tests, which can lose their data without harm.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "ssi";
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final Durability durability;

    private LocalPostgres(EmbeddedPostgres server, Durability durability) {
        this.server = server;
        this.durability = durability;
    }

    /** How a commit reaches the disk. */
    public enum Durability {
        /** {@code fsync} and {@code synchronous_commit} on: a committed write survives a crash or a power cut. */
        DURABLE,
        /** Both off, zonky's defaults: fast, for tests only. */
        FAST_FOR_TESTS;

        /** The system property that turns a stack's server to {@link #FAST_FOR_TESTS} (tests set it). */
        public static final String PROPERTY = "ssi.postgres.fast-for-tests";

        /** {@link #DURABLE} unless the system property {@value #PROPERTY} is {@code true}. */
        public static Durability fromSystemProperties() {
            return Boolean.getBoolean(PROPERTY) ? FAST_FOR_TESTS : DURABLE;
        }

        String setting() {
            return this == DURABLE ? "on" : "off";
        }
    }

    /** Starts a durable server on the port (0 for any free one); keeps the data directory when given one. */
    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, Durability.DURABLE);
    }

    /** Starts a server on the port (0 for any free one); keeps the data directory when given one. */
    public static LocalPostgres start(Path dataDirectory, int port, Durability durability) throws IOException {
        // zonky passes -F (fsync off) first; a -c setting after it wins
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", durability.setting())
                .setServerConfig("synchronous_commit", durability.setting())
                .setServerConfig("full_page_writes", durability.setting());
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        LocalPostgres postgres = new LocalPostgres(builder.start(), durability);
        postgres.createDatabase(DATABASE);
        return postgres;
    }

    /** Says how commits reach the disk, for logs and reports. */
    public String durabilityDescription() {
        return durability == Durability.DURABLE
                ? "durable: fsync and synchronous_commit on"
                : "fast, for tests: fsync and synchronous_commit off";
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void createDatabase(String name) {
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            var exists = connection.prepareStatement("select 1 from pg_database where datname = ?");
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("create database \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
