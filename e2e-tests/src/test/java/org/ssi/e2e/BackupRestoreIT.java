package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.DemoData;
import org.ssi.devstack.Http;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;

/**
 * Issue #13, backup and restore, as docs/operations.md tells an operator to do it: the services' schemas are dumped
 * with pg_dump (custom format, one file per service), restored with pg_restore into a fresh PostgreSQL server, and the
 * services started against it answer the same scores, ranks, history and rank-history snapshots through the gateway.
 *
 * <p>Its own small suite (the shared Keycloak, its own four services) on PostgreSQL {@value #PG_MAJOR} from zonky,
 * because pg_dump must be of the server's major version and zonky's bundles carry no pg_dump: the tools are the
 * machine's (Debian's postgresql-client-{@value #PG_MAJOR}), or those under SSI_PG_BIN.
 */
@Order(11)
class BackupRestoreIT {

    static final String PG_MAJOR = "15";
    /** Dumped downstream first, so that no restored feed cursor is ahead of the feed it reads (see the doc). */
    static final List<String> SCHEMAS = List.of("ranking", "scoring", "activity");

    private static Stack shared;

    @BeforeAll
    static void joinTheSuite() throws Exception {
        shared = SharedStack.get();
    }

    @Test
    void scores_ranks_and_history_are_the_same_after_pg_dump_and_pg_restore_into_a_fresh_server() throws Exception {
        Path tools = postgresTools();
        Path home = Path.of(System.getProperty("ssi.e2e.home")).resolve("backup");
        SharedStack.deleteRecursively(home);
        Files.createDirectories(home);
        Path secrets = shared.config().home().resolve("secrets.properties");
        if (Files.exists(secrets)) { // else SSI_INGEST_SECRET and SSI_SERVICE_SECRET give them to both suites
            Files.copy(secrets, home.resolve("secrets.properties"));
        }
        try (EmbeddedPostgres source = postgres(home.resolve("source"));
                EmbeddedPostgres target = postgres(home.resolve("target"))) {
            createDatabase(source);
            StackConfig config = new StackConfig(
                    shared.config().repository(),
                    home,
                    Stack.freePort(),
                    Stack.freePort(),
                    Stack.freePort(),
                    Stack.freePort(),
                    shared.config().keycloakPort(),
                    0,
                    jdbcUrl(source),
                    "postgres",
                    "",
                    shared.config().realmUrl(),
                    null);
            ContractCheck.gateway(config.gatewayUrl());
            try (Stack stack = Stack.start(config)) {
                String ingest = Http.clientToken(
                        config.realmUrl(), "ssi-ingest", stack.secrets().ingest());
                String admin = Http.passwordToken(config.realmUrl(), "root", "root");
                new DemoData(config.gatewayUrl(), ingest, admin).load(LocalDate.now(ZoneOffset.UTC));
                SharedStack.awaitFeedsCaughtUp(jdbcUrl(source));
                Http.Answer release = Http.send("POST", config.gatewayUrl() + "/api/v1/admin/releases", admin, "");
                assertEquals(201, release.status(), "release: " + release.body());
                List<String> members = memberIds(jdbcUrl(source));
                Map<String, String> before = answers(config, admin, members);

                Instant began = Instant.now();
                stack.stopDatabaseServices();
                Path dumps = Files.createDirectories(home.resolve("dumps"));
                for (String schema : SCHEMAS) {
                    run(
                            tools.resolve("pg_dump"),
                            "--format=custom",
                            "--schema=" + schema,
                            "--file=" + dumps.resolve(schema + ".dump"),
                            connection(source));
                }
                double dumped = seconds(began);
                createDatabase(target);
                for (String schema : SCHEMAS) {
                    run(
                            tools.resolve("pg_restore"),
                            "--exit-on-error",
                            "--no-owner",
                            "--dbname=" + connection(target),
                            dumps.resolve(schema + ".dump").toString());
                }
                double restored = seconds(began) - dumped;
                stack.startDatabaseServices(jdbcUrl(target));
                double total = seconds(began);

                Map<String, String> after = answers(config, admin, members);
                System.out.printf(
                        "[backup] %d members, %d answers compared; pg_dump of %s %.1f s (%,d bytes), pg_restore"
                                + " %.1f s, services ready again after %.1f s in all%n",
                        members.size(), before.size(), SCHEMAS, dumped, size(dumps), restored, total);
                assertTrue(before.size() > members.size(), "the comparison covers every member and more");
                for (String person : List.of("alice /me/ssi/history", "alice /me/ssi/rank-history")) {
                    assertTrue(!before.get(person).equals("200 []"), person + " has rows: " + before.get(person));
                }
                for (String url : before.keySet()) {
                    assertEquals(before.get(url), after.get(url), "the same answer after the restore: " + url);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** What the gateway answers: every member's figures, three people's history and rank history, teams, industries. */
    private static Map<String, String> answers(StackConfig config, String admin, List<String> members) {
        String api = config.gatewayUrl() + "/api/v1";
        Map<String, String> answers = new LinkedHashMap<>();
        for (String member : members) {
            answers.put(api + "/members/" + member + "/ssi", expectOk(api + "/members/" + member + "/ssi", admin));
        }
        for (String person : List.of("alice", "maria", "mike")) {
            String token = Http.passwordToken(config.realmUrl(), person, person);
            for (String path : List.of("/me/ssi", "/me/ssi/history", "/me/ssi/rank-history")) {
                answers.put(person + " " + path, expectOk(api + path, token));
            }
        }
        for (String path : List.of(
                "/teams",
                "/teams/emea-enterprise/ssi",
                "/teams/emea-enterprise/ssi/history",
                "/industries/software/ssi")) {
            answers.put(path, expectOk(api + path, admin));
        }
        return answers;
    }

    /** The status and the body; a member's or a person's own figures must be there. */
    private static String expectOk(String url, String token) {
        Http.Answer answer = Http.get(url, token);
        if (url.contains("/members/") || url.contains("/me/")) {
            assertEquals(200, answer.status(), url + ": " + answer.body());
        }
        return answer.status() + " " + answer.body();
    }

    private static List<String> memberIds(String jdbcUrl) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
                ResultSet rows =
                        db.createStatement().executeQuery("select member_id from activity.member order by 1")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // PostgreSQL 15 and its tools

    /** The directory of pg_dump and pg_restore: SSI_PG_BIN, else Debian's for major version 15. */
    private static Path postgresTools() throws Exception {
        Path bin = Path.of(System.getenv().getOrDefault("SSI_PG_BIN", "/usr/lib/postgresql/" + PG_MAJOR + "/bin"));
        Path dump = bin.resolve("pg_dump");
        if (!Files.isExecutable(dump) || !Files.isExecutable(bin.resolve("pg_restore"))) {
            fail("pg_dump and pg_restore " + PG_MAJOR + " are needed in " + bin + " (apt-get install postgresql-client-"
                    + PG_MAJOR + ", or set SSI_PG_BIN)");
        }
        String version = run(dump, "--version");
        assertTrue(
                version.matches("(?s).*\\(PostgreSQL\\) " + PG_MAJOR + "\\..*"),
                "pg_dump of major version " + PG_MAJOR + ": " + version);
        return bin;
    }

    /** A PostgreSQL 15 server from zonky's bundle, whose jar the build copied (the classpath has 16). */
    private static EmbeddedPostgres postgres(Path data) throws IOException {
        Path jar = Path.of(System.getProperty("ssi.postgres15.jar"));
        PgBinaryResolver bundle = (system, architecture) -> {
            try (ZipFile zip = new ZipFile(jar.toFile());
                    InputStream txz = zip.getInputStream(zip.getEntry("postgres-linux-x86_64.txz"))) {
                return new ByteArrayInputStream(txz.readAllBytes());
            }
        };
        return EmbeddedPostgres.builder()
                .setPgBinaryResolver(bundle)
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setPort(Stack.freePort())
                .start();
    }

    private static void createDatabase(EmbeddedPostgres server) throws SQLException {
        try (Connection db = server.getPostgresDatabase().getConnection()) {
            db.createStatement().execute("create database ssi");
        }
    }

    private static String jdbcUrl(EmbeddedPostgres server) {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/ssi";
    }

    private static String connection(EmbeddedPostgres server) {
        return "postgresql://postgres@localhost:" + server.getPort() + "/ssi";
    }

    private static String run(Path tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static long size(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
