package org.ssi.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real PostgreSQL server from Maven Central (zonky), kept in a data directory of ours so that a second start finds
 * the same data.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String DATABASE = "ssi";
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a server on the port (0 for any free one); keeps the data directory when given one. */
    public static LocalPostgres start(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder =
                EmbeddedPostgres.builder().setPort(port).setServerConfig("max_connections", "200");
        if (dataDirectory != null) {
            builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
        }
        LocalPostgres postgres = new LocalPostgres(builder.start());
        postgres.createDatabase(DATABASE);
        return postgres;
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
