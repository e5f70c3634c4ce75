package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.score.service.ScoringService;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ScoreRecordingTest {

    @Inject
    ScoringService scoring;

    @Inject
    Pool pool;

    private static RequestSpecification as(String login, String... roles) {
        return given().headers(TestTokens.viaGateway(login, roles));
    }

    private static MemberInputs inputs(String memberId, LocalDate day, long searches) {
        return new MemberInputs(
                memberId,
                "software",
                "SENIOR",
                null,
                new MemberInputs.Profile(true, false, true, false, false, false, false),
                day,
                Map.of("PEOPLE_SEARCH", searches),
                Map.of(),
                3,
                Map.of());
    }

    private void record(String feed, long position, MemberInputs... inputs) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(List.of(inputs), feed, position));
    }

    private static long feedEnd() {
        return as("scoring-feed", "service")
                .get("/internal/score-changes?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("next");
    }

    @Test
    void serves_the_latest_score_with_its_change_over_seven_days() throws Throwable {
        String member = "m-" + UUID.randomUUID();
        LocalDate today = LocalDate.now();
        // Photo and headline, 2 + 2 of the profile's points; 3 active days, 3 * (1 - e^(-3/40)) = 0.217.
        record("test-a", 1, inputs(member, today.minusDays(7), 0));
        as("alice", "rep")
                .get("/internal/scores/" + member)
                .then()
                .statusCode(200)
                .body("score", equalTo(4.22f))
                .body("change7d", nullValue());

        // Twenty searches add 4 * (1 - e^(-20/200)) = 0.381 to Find: 0.217 + 0.381 = 0.598.
        record("test-a", 2, inputs(member, today, 20));
        as("alice", "rep")
                .get("/internal/scores/" + member)
                .then()
                .statusCode(200)
                .body("day", equalTo(today.toString()))
                .body("modelVersion", equalTo(1))
                .body("pillars.brand", equalTo(4.0f))
                .body("pillars.find", equalTo(0.6f))
                .body("score", equalTo(4.6f))
                .body("change7d", equalTo(0.38f));
    }

    @Test
    void a_replayed_page_adds_nothing_to_the_score_feed() throws Throwable {
        String member = "m-" + UUID.randomUUID();
        long before = feedEnd();
        record("test-b", 10, inputs(member, LocalDate.now(), 5));
        record("test-b", 10, inputs(member, LocalDate.now(), 5));
        as("scoring-feed", "service")
                .get("/internal/score-changes?after=" + before)
                .then()
                .statusCode(200)
                .body("changes", hasSize(1))
                .body("changes[0].memberId", equalTo(member));
        record("test-b", 11, inputs(member, LocalDate.now(), 6));
        as("scoring-feed", "service")
                .get("/internal/score-changes?after=" + before)
                .then()
                .body("changes", hasSize(2));
    }

    @Test
    void a_page_of_the_score_feed_says_where_the_feed_ends_and_when_its_first_change_was_made() throws Throwable {
        long before = feedEnd();
        record("test-lag", 1, inputs("m-" + UUID.randomUUID(), LocalDate.now(), 5));
        record("test-lag", 2, inputs("m-" + UUID.randomUUID(), LocalDate.now(), 6));

        JsonPath page = as("scoring-feed", "service")
                .get("/internal/score-changes?limit=1&after=" + before)
                .then()
                .statusCode(200)
                .body("changes", hasSize(1))
                .extract()
                .jsonPath();
        long last = page.getLong("last");
        assertTrue(last >= page.getLong("next") + 1, "the second change is after the page: " + last);
        assertNotNull(Instant.parse(page.getString("firstChangedAt")), "when the page's change was made");
        as("scoring-feed", "service")
                .get("/internal/score-changes?after=" + last)
                .then()
                .statusCode(200)
                .body("changes", hasSize(0))
                .body("last", equalTo((int) last))
                .body("firstChangedAt", nullValue());
    }

    private List<Map<String, Object>> feedAfter(long cursor) {
        return as("scoring-feed", "service")
                .get("/internal/score-changes?limit=1000&after=" + cursor)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("changes");
    }

    private String storedRows(String prefix) {
        return pool.preparedQuery("select string_agg(member_id || ' ' || day || ' ' || model_version || ' ' || score"
                        + " || ' ' || computed_at, ',' order by member_id, day) as rows from scoring.daily_score"
                        + " where member_id like $1")
                .execute(Tuple.of(prefix + "%"))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString("rows");
    }

    @Test
    void records_a_batch_set_based_and_a_replay_changes_nothing() throws Throwable {
        String prefix = "set-" + UUID.randomUUID() + "-";
        LocalDate today = LocalDate.now();
        List<MemberInputs> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(inputs(prefix + String.format("%03d", 249 - i), today, i));
        }
        long before = feedEnd();
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(batch, "test-set", 1));
        assertEquals(250, feedAfter(before).size());
        String stored = storedRows(prefix);

        long afterFirst = feedEnd();
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(batch, "test-set", 1));
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(batch));
        assertEquals(0, feedAfter(afterFirst).size(), "a replay appends nothing to the score feed");
        assertEquals(stored, storedRows(prefix), "a replay writes no row");

        // Two members do more (their scores change), one does the same again: only the two get entries.
        List<MemberInputs> next = List.of(
                inputs(prefix + "007", today, 500),
                inputs(prefix + "100", today, 149),
                inputs(prefix + "200", today, 700));
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(next, "test-set", 2));
        List<Map<String, Object>> changes = feedAfter(afterFirst);
        assertEquals(
                List.of(prefix + "007", prefix + "200"),
                changes.stream().map(c -> c.get("memberId")).toList());
        as("alice", "rep")
                .get("/internal/scores/" + prefix + "200")
                .then()
                .statusCode(200)
                .body("score", equalTo(((Number) changes.get(1).get("score")).floatValue()));
    }

    @Test
    void records_the_last_inputs_given_for_a_member_and_day_once() throws Throwable {
        String member = "m-" + UUID.randomUUID();
        long before = feedEnd();
        LocalDate today = LocalDate.now();
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(
                List.of(inputs(member, today, 5), inputs(member, today.minusDays(1), 5), inputs(member, today, 80)),
                "test-dup",
                1));
        List<Map<String, Object>> changes = feedAfter(before);
        assertEquals(2, changes.size());
        assertEquals(today.minusDays(1).toString(), changes.get(0).get("day"));
        assertEquals(today.toString(), changes.get(1).get("day"));
        as("alice", "rep")
                .get("/internal/scores/" + member)
                .then()
                .statusCode(200)
                .body("score", equalTo(((Number) changes.get(1).get("score")).floatValue()))
                .body("change7d", nullValue());
    }

    @Test
    void guards_scores_and_the_feed() {
        given().get("/internal/scores/m-1").then().statusCode(401).contentType("application/problem+json");
        as("alice", "rep")
                .get("/internal/scores/nobody-" + UUID.randomUUID())
                .then()
                .statusCode(404);
        as("alice", "rep").get("/internal/scores/bad id!").then().statusCode(404);
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .get("/internal/score-changes")
                .then()
                .statusCode(403);
        given().headers(TestTokens.asService())
                .get("/internal/score-changes?limit=0")
                .then()
                .statusCode(422);
    }

    @Test
    void reports_health_metrics_and_openapi() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/internal/scores/{memberId}'.get.operationId", equalTo("getScore"));
    }
}
