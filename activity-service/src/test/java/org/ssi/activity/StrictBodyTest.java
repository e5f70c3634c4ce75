package org.ssi.activity;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;

/** A batch is one JSON document, each member once, with no member but {@code events}: anything else stores nothing. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class StrictBodyTest {

    private static int leadsSaved(String memberId) {
        Integer total = asService()
                .get("/internal/members/" + memberId + "/inputs")
                .then()
                .statusCode(200)
                .extract()
                .path("inWindow.'LEAD_SAVED'");
        return total == null ? 0 : total;
    }

    @Test
    void refuses_a_batch_followed_by_anything_and_stores_none_of_it() {
        String member = newMember("software");
        String first = batch(event(fresh("e"), member, "LEAD_SAVED", 1));
        String second = batch(event(fresh("e"), member, "LEAD_SAVED", 2));
        for (String body : List.of(first + second, first + "]", first + " junk", first + " {}")) {
            asIngest()
                    .body(body)
                    .post("/api/v1/activities")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:ssi:problem:malformed-request"));
        }
        assertEquals(0, leadsSaved(member));
        asIngest().body(first + "\n  ").post("/api/v1/activities").then().statusCode(200);
        assertEquals(1, leadsSaved(member));
    }

    @Test
    void refuses_a_member_given_twice_and_names_it() {
        String member = newMember("software");
        String twice = """
                {"eventId": "%s", "memberId": "%s", "type": "LEAD_SAVED", "occurredAt": "%s", "count": 1, "count": 5, \
                "attributes": {}}""".formatted(
                fresh("e"), member, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        asIngest()
                .body(batch(twice))
                .post("/api/v1/activities")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:malformed-request"))
                .body("errors.pointer", contains("/events/0/count"));
        String batch = batch(event(fresh("e"), member, "LEAD_SAVED", 1));
        asIngest()
                .body("{\"events\": [], " + batch.substring(1))
                .post("/api/v1/activities")
                .then()
                .statusCode(400)
                .body("errors.pointer", contains("/events"));
        assertEquals(0, leadsSaved(member));
    }

    @Test
    void refuses_a_batch_with_an_unknown_top_level_member() {
        String member = newMember("software");
        String batch = batch(event(fresh("e"), member, "LEAD_SAVED", 1));
        asIngest()
                .body(batch.substring(0, batch.length() - 1) + ", \"extra\": 1, \"a/b~c\": true}")
                .post("/api/v1/activities")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/extra", "/a~1b~0c"));
        assertEquals(0, leadsSaved(member));
    }

    @Test
    void refuses_a_profile_view_degree_that_overflows_an_int() {
        String member = newMember("software");
        for (String degree : List.of("4294967297", "18446744073709551617")) {
            asIngest()
                    .body(batch(event(
                            fresh("e"),
                            member,
                            "PROFILE_VIEW_MADE",
                            1,
                            Instant.now().minus(1, ChronoUnit.HOURS),
                            "{\"degree\": " + degree + "}")))
                    .post("/api/v1/activities")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.pointer", contains("/events/0/attributes/degree"));
        }
    }
}
