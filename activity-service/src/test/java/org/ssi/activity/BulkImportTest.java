package org.ssi.activity;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.asAdmin;
import static org.ssi.activity.Fixtures.fresh;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/**
 * The import at the size of a large organisation. It runs in an application (and database) of its own, so that its
 * 100,000 feed entries do not crowd the feed the other test classes read.
 */
@QuarkusTest
@TestProfile(BulkImportTest.OwnDatabase.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class BulkImportTest {

    private static final Logger LOG = Logger.getLogger(BulkImportTest.class);
    private static final int MEMBERS = 100_000;
    private static final long SIXTEEN_MIB = 16L * 1024 * 1024;

    /** A profile of its own, for an application of its own. */
    public static class OwnDatabase implements QuarkusTestProfile {}

    @Inject
    Pool pool;

    @Test
    void imports_a_hundred_thousand_members_and_puts_them_on_the_feed() {
        String prefix = fresh("bulk");
        String[] industries = {"software", "retail", "finance", "health-care", "energy"};
        String[] seniorities = {"ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "CXO"};
        ByteArrayOutputStream file = new ByteArrayOutputStream(32 * 1024 * 1024);
        for (int t = 0; t < 20; t++) {
            String parent = t == 0 ? "null" : "\"" + prefix + "-team-0\"";
            line(
                    file,
                    "{\"kind\": \"team\", \"teamId\": \"%s-team-%d\", \"name\": \"Region %d\", \"parentTeamId\": %s,"
                                    .formatted(prefix, t, t, parent)
                            + " \"managers\": [\"%s-%06d\"]}".formatted(prefix, t));
        }
        for (int i = 0; i < MEMBERS; i++) {
            line(
                    file,
                    ("{\"kind\": \"member\", \"memberId\": \"%1$s-%2$06d\", \"login\": \"%1$s-%2$06d@example.com\","
                                    + " \"displayName\": \"Representative %2$06d of %1$s\", \"industry\": \"%3$s\","
                                    + " \"seniority\": \"%4$s\", \"teamId\": \"%1$s-team-%5$d\", \"profile\": {"
                                    + "\"photo\": true, \"coverPhoto\": %6$s, \"headline\": true, \"summary\": %7$s,"
                                    + " \"experience\": true, \"education\": false, \"skills\": true}}")
                            .formatted(
                                    prefix,
                                    i,
                                    industries[i % industries.length],
                                    seniorities[i % seniorities.length],
                                    i % 20,
                                    i % 2 == 0,
                                    i % 3 == 0));
        }
        byte[] body = file.toByteArray();
        assertTrue(body.length > SIXTEEN_MIB, "the file is larger than an ordinary request may be");
        long cursor = lastSeq();

        long started = System.nanoTime();
        RawHttp.Answer answer = RawHttp.post(
                "/api/v1/directory/import", TestTokens.viaGateway("root", "admin"), "application/x-ndjson", body);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.infof(
                "Imported %,d members (%,d bytes of NDJSON) in %.1f s: %,.0f members/s",
                MEMBERS, body.length, seconds, MEMBERS / seconds);
        assertEquals(200, answer.status(), answer.body());
        JsonPath report = answer.json();
        assertEquals(MEMBERS + 20, report.getInt("imported"));
        assertEquals(0, report.getInt("failed"));
        assertEquals(20, report.getInt("teams"));
        assertEquals(MEMBERS, report.getInt("membersCreated"));
        assertEquals(List.of(), report.getList("errors"));

        Row feed = pool.preparedQuery("select count(*) as entries, count(distinct member_id) as members"
                        + " from activity.member_change where seq > $1 and reason = 'directory' and member_id like $2")
                .execute(Tuple.of(cursor, prefix + "-%"))
                .await()
                .indefinitely()
                .iterator()
                .next();
        assertEquals(MEMBERS, feed.getLong("entries"));
        assertEquals(MEMBERS, feed.getLong("members"));
        Row stored = pool.preparedQuery("select count(*) as members, count(*) filter (where team_id = $2) as team_7"
                        + " from activity.member where member_id like $1")
                .execute(Tuple.of(prefix + "-%", prefix + "-team-7"))
                .await()
                .indefinitely()
                .iterator()
                .next();
        assertEquals(MEMBERS, stored.getLong("members"));
        assertEquals(MEMBERS / 20, stored.getLong("team_7"));
        asAdmin()
                .get("/api/v1/members/" + prefix + "-099999")
                .then()
                .statusCode(200)
                .body("industry", equalTo(industries[99_999 % industries.length]))
                .body("teamId", equalTo(prefix + "-team-19"));
        Fixtures.asService()
                .get("/internal/teams")
                .then()
                .body("find { it.teamId == '" + prefix + "-team-3' }.managers[0]", equalTo(prefix + "-000003"));
    }

    private long lastSeq() {
        return pool.query("select coalesce(max(seq), 0) as seq from activity.member_change")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong("seq");
    }

    private static void line(ByteArrayOutputStream file, String text) {
        file.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        file.write('\n');
    }
}
