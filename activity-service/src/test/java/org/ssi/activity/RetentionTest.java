package org.ssi.activity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.as;
import static org.ssi.activity.Fixtures.asAdmin;
import static org.ssi.activity.Fixtures.asIngest;
import static org.ssi.activity.Fixtures.asService;
import static org.ssi.activity.Fixtures.batch;
import static org.ssi.activity.Fixtures.event;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.Scrape;
import org.ssi.devstack.TestTokens;

/** Retention on the real database: what leaves the tables, and that nothing the contract promises leaves with it. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RetentionTest {

    private static final Instant LONG_AGO = Instant.now().minus(200, ChronoUnit.DAYS);

    @Inject
    Pool pool;

    private long count(String sql, Object... values) {
        return pool.preparedQuery(sql)
                .execute(Tuple.from(values))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static long toDate(String memberId, String metric) {
        Number total = asService()
                .get("/internal/members/" + memberId + "/inputs")
                .then()
                .statusCode(200)
                .extract()
                .path("toDate.'" + metric + "'");
        return total == null ? 0 : total.longValue();
    }

    /** The value of the sample with exactly these labels, as Prometheus scrapes it. */
    private static double sample(String name, String labels) {
        return Scrape.of(given().get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .single(name, Scrape.labels(labels));
    }

    @Test
    void an_operators_run_is_a_success_of_the_retention_job_on_the_metrics() {
        double succeeded = sample("ssi_job_runs_total", "task=\"retention\",outcome=\"success\"");

        runRetention();

        assertEquals(succeeded + 1, sample("ssi_job_runs_total", "task=\"retention\",outcome=\"success\""));
        assertEquals(0, sample("ssi_job_runs_total", "task=\"retention\",outcome=\"failure\""));
        assertTrue(sample("ssi_job_last_success_timestamp_seconds", "task=\"retention\"")
                > Instant.now().minus(1, ChronoUnit.DAYS).getEpochSecond());
        assertEquals(
                1,
                count(
                        "select count(*) from activity.job_run where job = 'retention' and day = $1",
                        LocalDate.now(ZoneOffset.UTC)));
    }

    private static void runRetention() {
        asAdmin().post("/internal/retention").then().statusCode(200);
    }

    private static String ingest(String body, int status) {
        return asIngest()
                .body(body)
                .post("/api/v1/activities")
                .then()
                .statusCode(status)
                .extract()
                .asString();
    }

    @Test
    void archives_raw_events_past_the_horizon_and_still_recognises_their_replay_and_reuse() {
        String member = newMember("software");
        String old = fresh("e");
        String recent = fresh("e");
        String body = batch(
                event(old, member, "INMAIL_SENT", 3, LONG_AGO, "{}"),
                event(recent, member, "INMAIL_SENT", 2, Instant.now().minus(1, ChronoUnit.HOURS), "{}"));
        ingest(body, 200);

        asAdmin().post("/internal/retention").then().statusCode(200).body("eventsArchived", greaterThanOrEqualTo(1));
        assertEquals(0, count("select count(*) from activity.event where event_id = $1", old));
        assertEquals(1, count("select count(*) from activity.event_digest where event_id = $1", old));
        assertEquals(1, count("select count(*) from activity.event where event_id = $1", recent));

        asIngest()
                .body(body)
                .post("/api/v1/activities")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(2));
        assertEquals(5, toDate(member, "INMAIL_SENT"));

        String other = fresh("e");
        asIngest()
                .body(batch(
                        event(other, member, "INMAIL_SENT", 7), event(old, member, "INMAIL_SENT", 4, LONG_AGO, "{}")))
                .post("/api/v1/activities")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("eventIds", equalTo(List.of(old)));
        // The same id with a recent time is other content too.
        ingest(batch(event(old, member, "INMAIL_SENT", 3)), 409);
        assertEquals(5, toDate(member, "INMAIL_SENT"));
        assertEquals(0, count("select count(*) from activity.event where event_id = $1", other));
    }

    @Test
    void archives_a_backlog_larger_than_a_chunk_in_several_short_transactions() {
        String member = newMember("retail");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            events.add(event(fresh("old"), member, "PEOPLE_SEARCH", 1, LONG_AGO.plusSeconds(i), "{}"));
        }
        ingest(batch(events.toArray(String[]::new)), 200);

        runRetention();
        assertEquals(0, count("select count(*) from activity.event where member_id = $1", member));
        assertEquals(2_500, toDate(member, "PEOPLE_SEARCH"));
        asIngest()
                .body(batch(events.toArray(String[]::new)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(2_500));
    }

    @Test
    void folds_daily_totals_older_than_two_years_into_carried_totals_and_changes_no_input() {
        String member = newMember("software");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        pool.preparedQuery(
                        "insert into activity.daily_activity (member_id, day, metric, total) values"
                                + " ($1, $2, 'FOLLOWER_GAINED', 50), ($1, $3, 'FOLLOWER_GAINED', 25), ($1, $4, 'FOLLOWER_GAINED', 9)")
                .execute(Tuple.of(member, today.minusDays(800), today.minusDays(900), today.minusDays(700)))
                .await()
                .indefinitely();
        ingest(batch(event(fresh("e"), member, "FOLLOWER_GAINED", 5)), 200);
        assertEquals(89, toDate(member, "FOLLOWER_GAINED"));

        runRetention();
        assertEquals(
                0,
                count(
                        "select count(*) from activity.daily_activity where member_id = $1 and day < $2",
                        member,
                        today.minusDays(731)));
        assertEquals(
                75,
                count(
                        "select total from activity.carried_total where member_id = $1 and metric = 'FOLLOWER_GAINED'",
                        member));
        assertEquals(2, count("select count(*) from activity.daily_activity where member_id = $1", member));
        assertEquals(89, toDate(member, "FOLLOWER_GAINED"));
        Number inWindow = asService()
                .get("/internal/members/" + member + "/inputs")
                .then()
                .statusCode(200)
                .extract()
                .path("inWindow.FOLLOWER_GAINED");
        assertEquals(5, inWindow.intValue());

        runRetention();
        assertEquals(89, toDate(member, "FOLLOWER_GAINED"));
    }

    @Test
    void counts_each_event_once_when_replays_race_with_retention() throws Exception {
        String member = newMember("software");
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            ids.add(fresh("race"));
            events.add(event(ids.get(i), member, "LEAD_SAVED", 1 + i % 3, LONG_AGO.plusSeconds(i), "{}"));
        }
        String body = batch(events.toArray(String[]::new));
        ingest(body, 200);
        long expected = toDate(member, "LEAD_SAVED");
        Map<String, String> ingestToken = TestTokens.viaGateway("service-account-ssi-ingest", "ingest");
        Map<String, String> adminToken = TestTokens.viaGateway("root", "admin");

        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Integer>>> replays = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                replays.add(threads.submit(() -> {
                    List<Integer> accepted = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                        RawHttp.Answer answer =
                                RawHttp.post("/api/v1/activities", ingestToken, "application/json", body.getBytes());
                        assertEquals(200, answer.status(), answer.body());
                        accepted.add(answer.json().getInt("accepted"));
                    }
                    return accepted;
                }));
            }
            Future<Integer> retention = threads.submit(
                    () -> RawHttp.post("/internal/retention", adminToken, "application/json", new byte[0])
                            .status());
            assertEquals(200, retention.get());
            for (Future<List<Integer>> replay : replays) {
                assertEquals(List.of(0, 0, 0), replay.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(expected, toDate(member, "LEAD_SAVED"));
        assertEquals(
                3_000,
                count("select count(*) from activity.event where member_id = $1", member)
                        + count("select count(*) from activity.event_digest where event_id = any($1)", (Object)
                                ids.toArray(String[]::new)));
        assertEquals(
                0,
                count(
                        "select count(*) from activity.event e join activity.event_digest d using (event_id)"
                                + " where e.event_id = any($1)",
                        (Object) ids.toArray(String[]::new)));
    }

    @Test
    void only_an_admin_runs_retention() {
        as("service-account-ssi-ingest", "ingest")
                .post("/internal/retention")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given()
                .post("/internal/retention")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }
}
