package org.ssi.activity;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.ssi.devstack.TestTokens;

/** Small builders for the tests: fresh ids, members, events, authorised requests. */
final class Fixtures {

    private Fixtures() {}

    static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A call the gateway makes for the caller: its own service token, the caller in headers. */
    static RequestSpecification as(String login, String... roles) {
        return given().headers(TestTokens.viaGateway(login, roles)).contentType(ContentType.JSON);
    }

    /** A call with the caller's own token, straight to the service, as the gateway never makes it. */
    static RequestSpecification directly(String login, String... roles) {
        return given().auth().oauth2(TestTokens.token(login, roles)).contentType(ContentType.JSON);
    }

    static RequestSpecification asAdmin() {
        return as("root", "admin");
    }

    static RequestSpecification asIngest() {
        return as("service-account-ssi-ingest", "ingest");
    }

    static RequestSpecification asService() {
        return given().headers(TestTokens.asService()).contentType(ContentType.JSON);
    }

    /** Puts the industries in the catalogue (as an admin), so that the ingest client may name them. */
    static void catalogued(String... codes) {
        for (String code : codes) {
            asAdmin()
                    .body("{}")
                    .put("/api/v1/admin/industries/" + code)
                    .then()
                    .statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        }
    }

    /** An industry code no other test names. */
    static String freshIndustry() {
        return "ind-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String memberJson(String login, String industry, String teamId) {
        return """
                {"login": "%s", "displayName": "%s", "industry": "%s", "seniority": "SENIOR", "teamId": %s,
                 "profile": {"photo": true, "headline": true}}""".formatted(login, login, industry, teamId == null ? "null" : "\"" + teamId + "\"");
    }

    static String newMember(String industry) {
        String memberId = fresh("m");
        asAdmin()
                .body(memberJson(memberId + "-login", industry, null))
                .put("/api/v1/members/" + memberId)
                .then()
                .statusCode(201);
        return memberId;
    }

    static String event(String eventId, String memberId, String type, int count) {
        return event(eventId, memberId, type, count, Instant.now().minus(1, ChronoUnit.HOURS), "{}");
    }

    static String event(String eventId, String memberId, String type, int count, Instant at, String attributes) {
        return """
                {"eventId": "%s", "memberId": "%s", "type": "%s", "occurredAt": "%s", "count": %d, "attributes": %s}""".formatted(eventId, memberId, type, at.truncatedTo(ChronoUnit.SECONDS), count, attributes);
    }

    static String batch(String... events) {
        return "{\"events\": [" + String.join(",", events) + "]}";
    }
}
