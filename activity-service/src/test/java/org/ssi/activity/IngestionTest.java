package org.ssi.activity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.as;
import static org.ssi.activity.Fixtures.asIngest;
import static org.ssi.activity.Fixtures.asService;
import static org.ssi.activity.Fixtures.batch;
import static org.ssi.activity.Fixtures.directly;
import static org.ssi.activity.Fixtures.event;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.Scrape;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class IngestionTest {

    private static int windowTotal(String memberId, String metric) {
        Integer total = asService()
                .get("/internal/members/" + memberId + "/inputs")
                .then()
                .statusCode(200)
                .extract()
                .path("inWindow.'" + metric + "'");
        return total == null ? 0 : total;
    }

    private static Scrape scrape() {
        return Scrape.of(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double events(Scrape scrape, String outcome) {
        return scrape.sum("ssi_events_total", Map.of("outcome", outcome));
    }

    @Test
    void counts_accepted_duplicate_and_rejected_events_on_the_metrics_endpoint() {
        Scrape before = scrape();
        String member = newMember("software");
        String body = batch(event(fresh("e"), member, "LEAD_SAVED", 1), event(fresh("e"), member, "LEAD_SAVED", 1));
        asIngest().body(body).post("/api/v1/activities").then().statusCode(200);
        asIngest()
                .body(batch(event(fresh("e"), member, "LEAD_SAVED", 1), event(fresh("e"), member, "LEAD_SAVED", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);
        asIngest().body(body).post("/api/v1/activities").then().statusCode(200).body("duplicates", equalTo(2));
        asIngest()
                .body(batch(
                        event(fresh("e"), member, "LEAD_SAVED", 1),
                        event(fresh("e"), "nobody-here", "LEAD_SAVED", 1),
                        event(fresh("e"), member, "LEAD_SAVED", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(422);
        asIngest()
                .body("{\"events\": \"none\"}")
                .post("/api/v1/activities")
                .then()
                .statusCode(422);

        Scrape after = scrape();
        org.junit.jupiter.api.Assertions.assertEquals(4, events(after, "accepted") - events(before, "accepted"));
        org.junit.jupiter.api.Assertions.assertEquals(2, events(after, "duplicate") - events(before, "duplicate"));
        org.junit.jupiter.api.Assertions.assertEquals(4, events(after, "rejected") - events(before, "rejected"));
        // Every service writes its latency histogram with the objective's buckets, 0.5 s among them.
        org.junit.jupiter.api.Assertions.assertTrue(
                after.has(
                        "http_server_requests_seconds_bucket",
                        Map.of("uri", "/api/v1/activities", "method", "POST", "le", "0.5")),
                "no 0.5 s bucket for the ingestion endpoint");
    }

    @Test
    void stores_a_batch_and_adds_it_to_the_daily_totals() {
        String member = newMember("software");
        asIngest()
                .body(batch(
                        event(fresh("e"), member, "INMAIL_SENT", 3),
                        event(fresh("e"), member, "INMAIL_SENT", 2),
                        event(fresh("e"), member, "POST_SHARED", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(3))
                .body("duplicates", equalTo(0));

        org.junit.jupiter.api.Assertions.assertEquals(5, windowTotal(member, "INMAIL_SENT"));
        org.junit.jupiter.api.Assertions.assertEquals(1, windowTotal(member, "POST_SHARED"));
    }

    @Test
    void counts_a_retried_batch_as_duplicates_and_changes_nothing() {
        String member = newMember("software");
        String body = batch(event(fresh("e"), member, "LEAD_SAVED", 4), event(fresh("e"), member, "LEAD_SAVED", 1));
        asIngest().body(body).post("/api/v1/activities").then().statusCode(200).body("accepted", equalTo(2));

        asIngest()
                .body(body)
                .post("/api/v1/activities")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(2));
        org.junit.jupiter.api.Assertions.assertEquals(5, windowTotal(member, "LEAD_SAVED"));
    }

    @Test
    void rejects_a_reused_event_id_with_other_content_and_stores_none_of_the_batch() {
        String member = newMember("software");
        String eventId = fresh("e");
        asIngest()
                .body(batch(event(eventId, member, "LEAD_SAVED", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);

        asIngest()
                .body(batch(event(fresh("e"), member, "LEAD_SAVED", 7), event(eventId, member, "LEAD_SAVED", 2)))
                .post("/api/v1/activities")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:conflict"))
                .body("eventIds", contains(eventId));
        org.junit.jupiter.api.Assertions.assertEquals(1, windowTotal(member, "LEAD_SAVED"));
    }

    @Test
    void rejects_a_batch_with_an_unknown_member_and_stores_nothing() {
        String member = newMember("software");
        asIngest()
                .body(batch(
                        event(fresh("e"), member, "PEOPLE_SEARCH", 1),
                        event(fresh("e"), "nobody-here", "PEOPLE_SEARCH", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/events/1/memberId"));
        org.junit.jupiter.api.Assertions.assertEquals(0, windowTotal(member, "PEOPLE_SEARCH"));
    }

    @Test
    void reports_every_bad_event_by_json_pointer() {
        String member = newMember("software");
        String future = Instant.now()
                .plus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        asIngest()
                .body(
                        batch(
                                "{\"eventId\": \"a1\", \"memberId\": \"" + member
                                        + "\", \"type\": \"NOT_A_TYPE\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}",
                                "{\"eventId\": \"a2\", \"memberId\": \"" + member
                                        + "\", \"type\": \"LEAD_SAVED\", \"occurredAt\": \"" + future + "\"}",
                                "{\"eventId\": \"a3\", \"memberId\": \"" + member
                                        + "\", \"type\": \"LEAD_SAVED\", \"occurredAt\": \"2026-11-01T00:00:00Z\", \"count\": \"3\"}",
                                "{\"memberId\": \"" + member
                                        + "\", \"type\": \"LEAD_SAVED\", \"occurredAt\": \"2026-11-01T00:00:00Z\", \"count\": 2.5}"))
                .post("/api/v1/activities")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:validation"))
                .body("errors.pointer", hasItem("/events/0/type"))
                .body("errors.pointer", hasItem("/events/1/occurredAt"))
                .body("errors.pointer", hasItem("/events/2/count"))
                .body("errors.pointer", hasItem("/events/3/eventId"))
                .body("errors.pointer", hasItem("/events/3/count"));
    }

    @Test
    void answers_malformed_json_with_a_problem_and_no_stack_trace() {
        asIngest()
                .body("{\"events\": [ {\"eventId\": ")
                .post("/api/v1/activities")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body(org.hamcrest.Matchers.not(containsString("at org.")));
    }

    @Test
    void rejects_an_empty_batch_a_missing_list_and_another_media_type() {
        asIngest().body("{\"events\": []}").post("/api/v1/activities").then().statusCode(422);
        asIngest()
                .body("{}")
                .post("/api/v1/activities")
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/events"));
        asIngest()
                .contentType(ContentType.TEXT)
                .body("hello")
                .post("/api/v1/activities")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void answers_401_without_a_token_and_403_to_a_rep() {
        given().contentType(ContentType.JSON)
                .body(batch())
                .post("/api/v1/activities")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        as("alice", "rep")
                .body(batch())
                .post("/api/v1/activities")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(org.ssi.devstack.TestTokens.expired("ingester", "ingest"))
                .contentType(ContentType.JSON)
                .body(batch())
                .post("/api/v1/activities")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(org.ssi.devstack.TestTokens.forAudience("another-api", "ingester", "ingest"))
                .contentType(ContentType.JSON)
                .body(batch())
                .post("/api/v1/activities")
                .then()
                .statusCode(401);
    }

    @Test
    void puts_changed_members_on_the_feed_in_order() {
        long cursor = asService()
                .get("/internal/changes?after=0&limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("next");
        String member = newMember("retail");
        asIngest()
                .body(batch(event(fresh("e"), member, "GROUP_JOINED", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);

        asService()
                .get("/internal/changes?after=" + cursor)
                .then()
                .statusCode(200)
                .body("changes.memberId", contains(member, member))
                .body("changes.reason", contains("directory", "activity"));
        directly("alice", "rep").get("/internal/changes").then().statusCode(403);
    }

    @Test
    void a_page_of_the_feed_says_where_the_feed_ends_and_when_its_first_change_was_made() {
        long cursor = asService()
                .get("/internal/changes?after=0&limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("last");
        String member = newMember("retail");
        asIngest()
                .body(batch(event(fresh("e"), member, "GROUP_JOINED", 1)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);

        JsonPath page = asService()
                .get("/internal/changes?limit=1&after=" + cursor)
                .then()
                .statusCode(200)
                .body("changes.memberId", contains(member))
                .extract()
                .jsonPath();
        long last = page.getLong("last");
        assertTrue(last >= page.getLong("next") + 1, "the event's change follows");
        assertNotNull(Instant.parse(page.getString("firstChangedAt")));
        asService()
                .get("/internal/changes?after=" + last)
                .then()
                .statusCode(200)
                .body("changes", empty())
                .body("last", equalTo((int) last))
                .body("firstChangedAt", nullValue());
    }

    @Test
    void connects_both_members_and_the_latest_event_decides() {
        String a = newMember("software");
        String b = newMember("software");
        Instant earlier = Instant.now().minus(2, ChronoUnit.DAYS);
        Instant later = Instant.now().minus(1, ChronoUnit.DAYS);
        String connect = "{\"connectedMemberId\": \"" + b + "\"}";
        String disconnect = "{\"connectedMemberId\": \"" + a + "\"}";
        asIngest()
                .body(batch(event(fresh("e"), a, "CONNECTION_ADDED", 1, earlier, connect)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);
        asService()
                .get("/internal/members/" + b + "/connections")
                .then()
                .statusCode(200)
                .body("$", contains(a));

        asIngest()
                .body(batch(event(fresh("e"), b, "CONNECTION_REMOVED", 1, later, disconnect)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);
        asService()
                .get("/internal/members/" + a + "/connections")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));

        // An older "added" arriving late does not reconnect them.
        asIngest()
                .body(batch(event(fresh("e"), a, "CONNECTION_ADDED", 1, earlier.minusSeconds(60), connect)))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);
        asService()
                .get("/internal/members/" + a + "/connections")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void names_the_members_whose_window_changed_on_a_day() {
        String entering = newMember("software");
        String leaving = newMember("software");
        Instant recent = Instant.now().minusSeconds(1);
        java.time.LocalDate today = recent.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        Instant ninetyDaysAgo = today.minusDays(90).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
        asIngest()
                .body(batch(
                        event(fresh("e"), entering, "LEAD_SAVED", 1, recent, "{}"),
                        event(fresh("e"), leaving, "LEAD_SAVED", 1, ninetyDaysAgo, "{}")))
                .post("/api/v1/activities")
                .then()
                .statusCode(200);
        asService()
                .get("/internal/members/window-changes?day=" + today)
                .then()
                .statusCode(200)
                .body("memberIds", hasItem(entering))
                .body("memberIds", hasItem(leaving));
        asService()
                .get("/internal/members/window-changes?day=" + today.minusDays(1))
                .then()
                .statusCode(200)
                .body("memberIds", org.hamcrest.Matchers.not(hasItem(leaving)));
    }

    @Test
    void rejects_an_unknown_connected_member() {
        String a = newMember("software");
        asIngest()
                .body(batch(event(
                        fresh("e"),
                        a,
                        "CONNECTION_ADDED",
                        1,
                        Instant.now().minusSeconds(60),
                        "{\"connectedMemberId\": \"ghost\"}")))
                .post("/api/v1/activities")
                .then()
                .statusCode(422)
                .body("errors.pointer", contains("/events/0/attributes/connectedMemberId"));
    }

    @Test
    void answers_a_path_that_does_not_exist_with_a_problem() {
        asIngest().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        asIngest()
                .delete("/api/v1/activities")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }
}
