package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.Scrape;
import org.ssi.devstack.TestTokens;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.ModelEngine;
import org.ssi.scoring.model.PillarScores;
import org.ssi.scoring.rescoring.service.RescoringService;
import org.ssi.scoring.score.service.ScoringService;

/**
 * Model administration on a database of its own (the profile restarts the application): versions are added
 * validated, and an activation rescores every member's score of today in chunks of three, while history keeps the
 * version each past day was scored with.
 */
@QuarkusTest
@TestProfile(ModelAdministrationTest.OwnDatabase.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ModelAdministrationTest {

    /** A fresh database, small chunks, and no activity-service to fall back on. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ssi.rescoring.chunk-size", "3", "quarkus.rest-client.activity.url", "http://127.0.0.1:9");
        }
    }

    private static final String MODELS = "/internal/admin/scoring-models";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JOB_LIMIT = Duration.ofSeconds(60);

    @Inject
    ScoringService scoring;

    @Inject
    RescoringService rescoring;

    @Inject
    Pool pool;

    private static RequestSpecification admin() {
        return given().headers(TestTokens.viaGateway("root", "admin"));
    }

    /** Model v1 from the repository, as an editable document. */
    private static ObjectNode v1() {
        try (InputStream in = ModelAdministrationTest.class.getResourceAsStream("/models/v1.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** v1 with two of Find's weights moved: people searches 6 points instead of 4, lead searches 2 instead of 4. */
    private static ObjectNode searchHeavy(int version) {
        ObjectNode model = v1();
        model.put("version", version);
        model.put("description", "v1 with people searches weighing more than lead searches");
        ArrayNode find = (ArrayNode) model.at("/pillars/1/subMetrics");
        ((ObjectNode) find.get(0)).put("weight", 6);
        ((ObjectNode) find.get(1)).put("weight", 2);
        return model;
    }

    private static ModelEngine engine(ObjectNode model) {
        return new ModelEngine(JSON.convertValue(model, ModelDocument.class));
    }

    private static MemberInputs inputs(String memberId, LocalDate day, long searches) {
        return new MemberInputs(
                memberId,
                "software",
                "SENIOR",
                "team-admin",
                new MemberInputs.Profile(true, false, true, false, false, false, false),
                day,
                Map.of("PEOPLE_SEARCH", searches, "LEAD_SEARCH", searches / 2),
                Map.of(),
                5,
                Map.of());
    }

    private void record(MemberInputs... inputs) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(List.of(inputs)));
    }

    private static void post(ObjectNode model, int status) {
        admin().contentType(ContentType.JSON)
                .body(model.toString())
                .post(MODELS)
                .then()
                .statusCode(status);
    }

    private static long feedEnd() {
        return feedAfter(0).getLong("next");
    }

    private static JsonPath feedAfter(long cursor) {
        return given().headers(TestTokens.asService())
                .get("/internal/score-changes?limit=1000&after=" + cursor)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<String> feedMembersAfter(long cursor, String prefix) {
        List<String> members = new ArrayList<>();
        for (String member : feedAfter(cursor).getList("changes.memberId", String.class)) {
            if (member.startsWith(prefix)) {
                members.add(member);
            }
        }
        return members;
    }

    private static int activeVersion() {
        return admin().get(MODELS + "/active").then().statusCode(200).extract().path("version");
    }

    /** Reads the job until it is no longer running. */
    private static JsonPath awaitJob(long id) {
        Instant deadline = Instant.now().plus(JOB_LIMIT);
        JsonPath job;
        do {
            job = admin().get("/internal/admin/scoring-jobs/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (!job.getString("state").equals("running")) {
                return job;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("Job " + id + " still running: " + job.prettify());
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Arranges a state no API call produces (an interrupted job, a second one running). */
    private void execute(String statement, Object... values) {
        pool.preparedQuery(statement).execute(Tuple.from(values)).await().indefinitely();
    }

    private static void assertScoredWith(String member, int version, PillarScores expected) {
        admin().get("/internal/scores/" + member)
                .then()
                .statusCode(200)
                .body("day", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("modelVersion", equalTo(version))
                .body("score", equalTo(expected.score().floatValue()))
                .body("pillars.find", equalTo(expected.find().floatValue()));
    }

    private static Scrape scrape() {
        return Scrape.of(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** Scrapes until the condition holds: a job's end is stored before the replica that ran it counts it. */
    private static Scrape awaitScrape(Predicate<Scrape> condition) {
        Instant deadline = Instant.now().plus(JOB_LIMIT);
        Scrape scrape = scrape();
        while (!condition.test(scrape) && Instant.now().isBefore(deadline)) {
            sleep();
            scrape = scrape();
        }
        return scrape;
    }

    private static double runs(Scrape scrape, String outcome) {
        return scrape.sum("ssi_rescoring_runs_total", Map.of("outcome", outcome));
    }

    private static double members(Scrape scrape, String state) {
        return scrape.sum("ssi_rescoring_members", Map.of("state", state));
    }

    private static long activate(int version) {
        return admin().contentType(ContentType.JSON)
                .body("{\"version\": " + version + "}")
                .put(MODELS + "/active")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    @Test
    void reports_how_far_a_rescoring_came_and_whether_it_failed_on_the_metrics_endpoint() throws Throwable {
        post(searchHeavy(50), 201);
        String prefix = "metrics-" + UUID.randomUUID() + "-";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        record(inputs(prefix + 1, today, 10), inputs(prefix + 2, today, 20));
        Scrape before = scrape();

        JsonPath job = awaitJob(activate(50));
        assertEquals("done", job.getString("state"), job.prettify());
        Scrape after = awaitScrape(s -> runs(s, "success") > runs(before, "success"));
        assertEquals(runs(before, "success") + 1, runs(after, "success"));
        assertEquals(runs(before, "failure"), runs(after, "failure"));
        assertEquals(job.getInt("done"), members(after, "done"));
        assertEquals(job.getInt("total"), members(after, "total"));
        assertTrue(members(after, "total") >= 2, "both new members are counted");

        // A member scored before its inputs were kept here, and no activity-service to ask for them: the job fails.
        String orphan = prefix + "orphan";
        record(inputs(orphan, today, 10));
        execute("delete from scoring.member_inputs where member_id = $1", orphan);
        try {
            assertEquals("failed", awaitJob(activate(50)).getString("state"));
            Scrape failed = scrape();
            assertEquals(runs(before, "failure") + 1, runs(failed, "failure"));
            assertEquals(runs(after, "success"), runs(failed, "success"));
        } finally {
            // Later activations in this class rescore every member; they must not meet this one.
            execute("delete from scoring.daily_score where member_id = $1", orphan);
        }
    }

    @Test
    void lists_version_one_from_the_repository() {
        admin().get(MODELS)
                .then()
                .statusCode(200)
                .body("find { it.version == 1 }.addedBy", equalTo("repository"))
                .body("find { it.version == 1 }.addedAt", not(equalTo(null)));
        admin().get(MODELS + "/1").then().statusCode(200).body("pillars.pillar", hasItems("brand", "relationships"));
    }

    @Test
    void adds_a_version_once_and_lists_both() {
        post(searchHeavy(2), 201);
        post(searchHeavy(2), 200);
        admin().get(MODELS)
                .then()
                .statusCode(200)
                .body("version", hasItems(1, 2))
                .body("find { it.version == 2 }.addedBy", equalTo("root"))
                .body(
                        "find { it.version == 2 }.description",
                        equalTo("v1 with people searches weighing more than lead searches"));
        admin().get(MODELS + "/2").then().statusCode(200).body("pillars[1].subMetrics[0].weight", equalTo(6.0f));

        ObjectNode other = searchHeavy(2);
        other.put("description", "another document under a taken number");
        admin().contentType(ContentType.JSON)
                .body(other.toString())
                .post(MODELS)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:conflict"));
        admin().get(MODELS + "/2").then().body("description", not(equalTo("another document under a taken number")));
    }

    @Test
    void rejects_an_invalid_model_listing_each_fault_and_stores_nothing() {
        ObjectNode broken = v1();
        broken.put("version", 7);
        ((ObjectNode) broken.at("/pillars/0/subMetrics/1")).put("weight", 4);
        ((ObjectNode) broken.at("/pillars/1/subMetrics/0")).put("metric", "PEOPLE_SERACH");
        ((ObjectNode) broken.at("/pillars/2/subMetrics/0")).put("scale", -1);
        broken.put("windowDays", 30);
        admin().contentType(ContentType.JSON)
                .body(broken.toString())
                .post(MODELS)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(
                        "errors.pointer",
                        containsInAnyOrder(
                                "/pillars/0/subMetrics",
                                "/pillars/1/subMetrics/0/metric",
                                "/pillars/2/subMetrics/0/scale",
                                "/windowDays"));

        ObjectNode mistyped = searchHeavy(8);
        ((ObjectNode) mistyped.at("/pillars/1/subMetrics/0")).put("weight", "6");
        admin().contentType(ContentType.JSON)
                .body(mistyped.toString())
                .post(MODELS)
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/pillars/1/subMetrics/0/weight"));
        ObjectNode unknownField = searchHeavy(9);
        unknownField.put("bonus", 5);
        admin().contentType(ContentType.JSON)
                .body(unknownField.toString())
                .post(MODELS)
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/bonus"));
        ObjectNode numberForText = searchHeavy(10);
        numberForText.put("description", 5);
        admin().contentType(ContentType.JSON)
                .body(numberForText.toString())
                .post(MODELS)
                .then()
                .statusCode(422)
                .body("errors.pointer", contains("/description"));
        admin().contentType(ContentType.JSON)
                .body(searchHeavy(11).toString().replaceFirst("\\{", "{\"version\": 11, "))
                .post(MODELS)
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:ssi:problem:malformed-request"));
        admin().contentType(ContentType.JSON).body("[1, 2]").post(MODELS).then().statusCode(422);
        admin().contentType(ContentType.JSON).body("null").post(MODELS).then().statusCode(422);
        admin().contentType(ContentType.JSON)
                .body("{\"version\": ")
                .post(MODELS)
                .then()
                .statusCode(400);

        admin().get(MODELS)
                .then()
                .statusCode(200)
                .body("version", not(hasItem(7)))
                .body("version", not(hasItem(8)));
        admin().get(MODELS + "/7").then().statusCode(404).contentType("application/problem+json");
        admin().get(MODELS + "/seven").then().statusCode(404);
    }

    @Test
    void activation_rescores_every_member_today_and_history_keeps_the_old_version() throws Throwable {
        int before = activeVersion();
        ObjectNode v20 = searchHeavy(20);
        post(v20, 201);
        String prefix = "a-" + UUID.randomUUID() + "-";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<MemberInputs> todays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String member = prefix + i;
            record(inputs(member, today.minusDays(1), 10L * i));
            MemberInputs now = inputs(member, today, 10L * i + 40);
            record(now);
            todays.add(now);
        }
        long cursor = feedEnd();

        JsonPath started = admin().contentType(ContentType.JSON)
                .body("{\"version\": 20}")
                .put(MODELS + "/active")
                .then()
                .statusCode(202)
                .body("version", equalTo(20))
                .body("requestedBy", equalTo("root"))
                .extract()
                .jsonPath();
        assertTrue(started.getInt("total") >= 7, "every scored member is counted: " + started.prettify());
        JsonPath job = awaitJob(started.getLong("id"));
        assertEquals("done", job.getString("state"), job.prettify());
        assertEquals(job.getInt("total"), job.getInt("done"));
        assertTrue(job.getString("finishedAt") != null);

        ModelEngine v2 = engine(v20);
        for (MemberInputs now : todays) {
            assertScoredWith(now.memberId(), 20, v2.score(now));
            admin().get("/internal/scores/" + now.memberId() + "/history?from=" + today.minusDays(1) + "&to=" + today)
                    .then()
                    .statusCode(200)
                    .body("modelVersion", org.hamcrest.Matchers.contains(before, 20));
        }
        // The members with searches score differently under v20, and each such change is on the feed once.
        List<String> changed = feedMembersAfter(cursor, prefix);
        for (MemberInputs now : todays) {
            assertEquals(1, changed.stream().filter(now.memberId()::equals).count(), now.memberId());
        }
        admin().get(MODELS + "/active")
                .then()
                .body("version", equalTo(20))
                .body("job.id", equalTo(started.getInt("id")))
                .body("job.state", equalTo("done"));
        admin().get(MODELS).then().body("find { it.version == 20 }.active", equalTo(true));

        // New scores from now on use v20 too.
        MemberInputs later = inputs(prefix + "new", today, 30);
        record(later);
        assertScoredWith(later.memberId(), 20, v2.score(later));
        assertNotEquals(v2.score(later).score(), engine(v1()).score(later).score());
    }

    @Test
    void an_interrupted_job_goes_on_from_its_cursor_and_a_rerun_doubles_nothing() throws Throwable {
        ObjectNode v30 = searchHeavy(30);
        ((ObjectNode) v30.at("/pillars/1/subMetrics/0")).put("weight", 7);
        ((ObjectNode) v30.at("/pillars/1/subMetrics/1")).put("weight", 1);
        post(v30, 201);
        int old = activeVersion();
        String prefix = "r-" + UUID.randomUUID() + "-";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<MemberInputs> todays = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            MemberInputs now = inputs(prefix + i, today, 25L * i);
            record(now);
            todays.add(now);
        }
        long cursor = feedEnd();
        // As a replica that stopped would leave it: version 30 active, member 1 done, the job still running.
        execute("update scoring.active_model set version = 30 where id = 1");
        long id = pool.preparedQuery("insert into scoring.rescoring_job (version, state, total, done, after_member,"
                        + " requested_by, heartbeat_at) values (30, 'running', 3, 1, $1, 'root',"
                        + " now() - interval '10 minutes') returning id")
                .execute(Tuple.of(prefix + 1))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);

        List<Long> resumed = VertxContextSupport.subscribeAndAwait(() -> rescoring.resume(Duration.ofMinutes(2)));
        assertTrue(resumed.contains(id), "the stale job is taken over: " + resumed);
        assertEquals("done", awaitJob(id).getString("state"));

        ModelEngine v3 = engine(v30);
        admin().get("/internal/scores/" + prefix + 1).then().body("modelVersion", equalTo(old));
        assertScoredWith(prefix + 2, 30, v3.score(todays.get(1)));
        assertScoredWith(prefix + 3, 30, v3.score(todays.get(2)));
        assertEquals(List.of(prefix + 2, prefix + 3), feedMembersAfter(cursor, prefix));

        // Activating the same version again rescores everyone: only member 1 still changes.
        long rerun = admin().contentType(ContentType.JSON)
                .body("{\"version\": 30}")
                .put(MODELS + "/active")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        assertEquals("done", awaitJob(rerun).getString("state"));
        assertScoredWith(prefix + 1, 30, v3.score(todays.get(0)));
        assertEquals(List.of(prefix + 2, prefix + 3, prefix + 1), feedMembersAfter(cursor, prefix));
    }

    @Test
    void refuses_a_second_activation_while_one_is_rescoring() {
        post(searchHeavy(40), 201);
        long running = pool.preparedQuery("insert into scoring.rescoring_job (version, state, total, requested_by)"
                        + " values (1, 'running', 0, 'root') returning id")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
        try {
            int active = activeVersion();
            admin().contentType(ContentType.JSON)
                    .body("{\"version\": 40}")
                    .put(MODELS + "/active")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("job", equalTo((int) running));
            assertEquals(active, activeVersion(), "nothing switched");
        } finally {
            execute("update scoring.rescoring_job set state = 'failed' where id = $1", running);
        }
    }

    @Test
    void rejects_a_bad_activation() {
        for (String body : List.of(
                "{\"version\": 999}",
                "{\"version\": \"2\"}",
                "{\"version\": 2.5}",
                "{\"version\": 0}",
                "{\"version\": 1, \"force\": true}",
                "{\"version\": null}",
                "{\"version\": 99999999999}",
                "{}",
                "[]",
                "null",
                "7")) {
            admin().contentType(ContentType.JSON)
                    .body(body)
                    .put(MODELS + "/active")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json");
        }
        admin().contentType(ContentType.JSON)
                .body("{\"version\": 999}")
                .put(MODELS + "/active")
                .then()
                .body("errors[0].pointer", equalTo("/version"));
        admin().get("/internal/admin/scoring-jobs/123456789").then().statusCode(404);
        admin().get("/internal/admin/scoring-jobs/x").then().statusCode(404);
    }

    @Test
    void is_for_administrators_only() {
        for (String role : List.of("rep", "manager", "analyst", "service")) {
            RequestSpecification caller = given().headers(TestTokens.viaGateway("someone", role));
            caller.get(MODELS).then().statusCode(403).contentType("application/problem+json");
            given().headers(TestTokens.viaGateway("someone", role))
                    .contentType(ContentType.JSON)
                    .body("{\"version\": 1}")
                    .put(MODELS + "/active")
                    .then()
                    .statusCode(403);
        }
        given().get(MODELS).then().statusCode(401).contentType("application/problem+json");
    }
}
