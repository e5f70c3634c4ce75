package org.ssi.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;

/** The catalogue's migration, run on a schema of its own that holds members from before the catalogue existed. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class IndustryCatalogueMigrationTest {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    @Test
    void catalogues_every_industry_members_named_before_and_keeps_members_to_catalogued_industries()
            throws SQLException {
        Config config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getValue("quarkus.datasource.username", String.class);
        String password = config.getOptionalValue("quarkus.datasource.password", String.class)
                .orElse("");
        String schema = "before_catalogue_" + UUID.randomUUID().toString().substring(0, 8);

        migrate(url, user, password, schema, "3");
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement sql = connection.createStatement()) {
            sql.execute("set search_path to " + schema);
            sql.execute("insert into member (member_id, login, display_name, industry) values"
                    + " ('a', 'a', 'A', 'software'), ('b', 'b', 'B', 'retail'), ('c', 'c', 'C', 'software')");

            migrate(url, user, password, schema, "latest");

            List<String> rows = new ArrayList<>();
            try (ResultSet result = sql.executeQuery("select code, name, added_by from industry order by code")) {
                while (result.next()) {
                    rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3));
                }
            }
            assertEquals(List.of("retail null migration", "software null migration"), rows);
            SQLException refused = assertThrows(
                    SQLException.class,
                    () -> sql.execute("insert into member (member_id, login, display_name, industry)"
                            + " values ('d', 'd', 'D', 'nowhere')"));
            assertEquals(FOREIGN_KEY_VIOLATION, refused.getSQLState());
        }
    }

    private static void migrate(String url, String user, String password, String schema, String target) {
        Flyway.configure()
                .dataSource(url, user, password)
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }
}
