package org.ssi.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.batch;
import static org.ssi.activity.Fixtures.event;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/**
 * The feed across a restart. The reader's side: a new client that only kept its cursor. The service's side, as far
 * as one test JVM allows: every database connection of the service is cut (what a database restart or a failover
 * does to it), and a writer died after drawing sequence numbers, leaving a hole in them.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class FeedResumeTest {

    private static final int TRIES = 30;

    private static Connection database() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    /** A page of the feed read by a client that has nothing but the cursor; retried while the service reconnects. */
    private static JsonPath page(Map<String, String> token, long after, int limit) {
        RawHttp.Answer answer = null;
        for (int i = 0; i < TRIES; i++) {
            answer = RawHttp.getWithNewClient("/internal/changes?after=" + after + "&limit=" + limit, token);
            if (answer.status() == 200) {
                return answer.json();
            }
            assertTrue(answer.status() >= 500, "only a lost connection may fail a read: " + answer.body());
        }
        throw new AssertionError("the feed did not answer after " + TRIES + " tries: " + answer.body());
    }

    private static List<Long> readToEnd(Map<String, String> token, long after) {
        List<Long> seqs = new ArrayList<>();
        long position = after;
        while (true) {
            JsonPath page = page(token, position, 1000);
            List<Long> more = page.getList("changes.seq", Long.class);
            if (more.isEmpty()) {
                return seqs;
            }
            seqs.addAll(more);
            position = page.getLong("next");
        }
    }

    @Test
    void a_reader_resumes_from_its_cursor_after_the_service_lost_every_database_connection() throws Exception {
        Map<String, String> token = TestTokens.asService();
        Map<String, String> ingestToken = TestTokens.viaGateway("service-account-ssi-ingest", "ingest");
        long start =
                readToEnd(token, 0).stream().mapToLong(Long::longValue).max().orElse(0);
        String a = newMember("software");
        String b = newMember("software");
        Fixtures.asIngest()
                .body(batch(event(fresh("e"), a, "POST_SHARED", 1), event(fresh("e"), b, "POST_SHARED", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);
        List<Long> before = readToEnd(token, start);
        assertEquals(4, before.size(), "two members created, then both in one batch");
        long cursor = page(token, start, 1).getLong("next");
        assertEquals(before.get(0), cursor);

        try (Connection db = database()) {
            db.setAutoCommit(false);
            try (PreparedStatement dying = db.prepareStatement(
                    "insert into activity.member_change (member_id, reason) values (?, 'activity')")) {
                dying.setString(1, a);
                dying.executeUpdate();
            }
            db.rollback();
            db.setAutoCommit(true);
            try (Statement cut = db.createStatement()) {
                cut.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where datname = current_database() and pid <> pg_backend_pid()");
            }
        }

        // The writer retries its batch until the service has reconnected; ingestion is idempotent, so it is safe.
        String again = batch(event(fresh("e"), a, "POST_SHARED", 2));
        RawHttp.Answer answer = null;
        for (int i = 0; i < TRIES; i++) {
            answer = RawHttp.post(
                    "/api/v1/activities", ingestToken, "application/json", again.getBytes(StandardCharsets.UTF_8));
            if (answer.status() == 200) {
                break;
            }
            assertTrue(answer.status() >= 500, answer.body());
        }
        assertEquals(200, answer.status(), answer.body());
        assertEquals(1, answer.json().getInt("accepted") + answer.json().getInt("duplicates"));

        List<Long> resumed = readToEnd(token, cursor);
        List<Long> expected = new ArrayList<>(before.subList(1, before.size()));
        List<Long> after = readToEnd(token, before.get(before.size() - 1));
        expected.addAll(after);
        assertEquals(expected, resumed, "the resumed reader gets every entry after its cursor and nothing twice");
        assertEquals(1, after.size(), "the retried batch is on the feed once");
        assertTrue(after.get(0) > before.get(before.size() - 1) + 1, "the dead writer's number is a hole, skipped");
        Number total = Fixtures.asService()
                .get("/internal/members/" + a + "/inputs")
                .then()
                .statusCode(200)
                .extract()
                .path("inWindow.POST_SHARED");
        assertEquals(3, total.intValue());
    }
}
