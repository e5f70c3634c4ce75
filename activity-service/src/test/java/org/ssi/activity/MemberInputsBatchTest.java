package org.ssi.activity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ssi.activity.Fixtures.asIngest;
import static org.ssi.activity.Fixtures.asService;
import static org.ssi.activity.Fixtures.batch;
import static org.ssi.activity.Fixtures.event;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class MemberInputsBatchTest {

    @Inject
    Pool pool;

    private static String request(String day, List<String> members) {
        String ids = members.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(","));
        return "{" + (day == null ? "" : "\"day\": \"" + day + "\", ") + "\"members\": [" + ids + "]}";
    }

    private static Map<String, Object> single(String member, String day) {
        return asService()
                .get("/internal/members/" + member + "/inputs?day=" + day)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    private static List<Map<String, Object>> batchOf(String day, List<String> members) {
        return asService()
                .body(request(day, members))
                .post("/internal/member-inputs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("inputs");
    }

    @Test
    void answers_each_member_as_the_single_member_endpoint_does() {
        String a = newMember("software");
        String b = newMember("banking");
        String quiet = newMember("software");
        Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS);
        asIngest()
                .body(batch(
                        event(fresh("e"), a, "PEOPLE_SEARCH", 3),
                        event(fresh("e"), a, "PEOPLE_SEARCH", 2, yesterday, "{}"),
                        event(fresh("e"), a, "POST_SHARED", 1, yesterday, "{}"),
                        event(fresh("e"), b, "INMAIL_SENT", 4),
                        event(
                                fresh("e"),
                                a,
                                "CONNECTION_ADDED",
                                1,
                                yesterday,
                                "{\"connectedMemberId\": \"" + b + "\"}"),
                        event(
                                fresh("e"),
                                quiet,
                                "CONNECTION_ADDED",
                                1,
                                yesterday,
                                "{\"connectedMemberId\": \"" + a + "\"}")))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Older than the window: counts to date, not in the window; and a total carried out by retention.
        pool.preparedQuery("insert into activity.daily_activity (member_id, day, metric, total) values"
                        + " ($1, $2, 'FOLLOWER_GAINED', 40)")
                .execute(Tuple.of(b, today.minusDays(200)))
                .await()
                .indefinitely();
        pool.preparedQuery("insert into activity.carried_total (member_id, metric, total) values"
                        + " ($1, 'FOLLOWER_GAINED', 7)")
                .execute(Tuple.of(b))
                .await()
                .indefinitely();

        for (LocalDate day : List.of(today, today.minusDays(1), today.minusDays(95))) {
            List<Map<String, Object>> answered = batchOf(day.toString(), List.of(quiet, b, a));
            assertEquals(3, answered.size());
            List<String> sorted = new ArrayList<>(List.of(a, b, quiet));
            sorted.sort(null);
            for (int i = 0; i < sorted.size(); i++) {
                assertEquals(single(sorted.get(i), day.toString()), answered.get(i), "member " + sorted.get(i));
            }
        }
        Map<String, Object> ofB = batchOf(today.toString(), List.of(b)).get(0);
        assertEquals(Map.of("INMAIL_SENT", 4, "FOLLOWER_GAINED", 0), ofB.get("inWindow"));
        assertEquals(Map.of("INMAIL_SENT", 4, "FOLLOWER_GAINED", 47), ofB.get("toDate"));
    }

    @Test
    void lists_unknown_members_apart_and_answers_each_known_member_once() {
        String known = newMember("software");
        String unknown = fresh("nobody");
        asService()
                .body(request(null, List.of(unknown, known, known)))
                .post("/internal/member-inputs")
                .then()
                .statusCode(200)
                .body("day", equalTo(LocalDate.now(ZoneOffset.UTC).toString()))
                .body("inputs", hasSize(1))
                .body("inputs[0].memberId", equalTo(known))
                .body("inputs[0].activeDays", equalTo(0))
                .body("unknown", contains(unknown));
        asService()
                .body(request(null, List.of(fresh("nobody"))))
                .post("/internal/member-inputs")
                .then()
                .statusCode(200)
                .body("inputs", empty());
    }

    @Test
    void takes_up_to_a_thousand_members_and_rejects_more() {
        List<String> thousand =
                IntStream.range(0, 1000).mapToObj(i -> fresh("n")).toList();
        asService()
                .body(request(null, thousand))
                .post("/internal/member-inputs")
                .then()
                .statusCode(200)
                .body("unknown", hasSize(1000));
        List<String> more = new ArrayList<>(thousand);
        more.add(fresh("n"));
        asService()
                .body(request(null, more))
                .post("/internal/member-inputs")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/members"));
    }

    @Test
    void rejects_bad_input_as_problems_by_json_pointer() {
        asService()
                .body("{\"day\": \"2026-13-01\", \"members\": [\"ok\", \"bad id!\", 7], \"extra\": 1}")
                .post("/internal/member-inputs")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem("/day"))
                .body("errors.pointer", hasItem("/members/1"))
                .body("errors.pointer", hasItem("/members/2"))
                .body("errors.pointer", hasItem("/extra"));
        for (String body :
                List.of("{\"members\": []}", "{\"day\": \"2026-01-01\"}", "[\"a\"]", "{\"members\": \"a\"}")) {
            asService()
                    .body(body)
                    .post("/internal/member-inputs")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json");
        }
        asService()
                .body("{\"members\": [")
                .post("/internal/member-inputs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void is_for_services_only() {
        String body = request(null, List.of("m-1"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/internal/member-inputs")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        Fixtures.directly("alice", "rep")
                .body(body)
                .post("/internal/member-inputs")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Fixtures.directly("service-account-ssi-ingest", "ingest")
                .body(body)
                .post("/internal/member-inputs")
                .then()
                .statusCode(403);
    }
}
