package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ssi.scoring.ScoreHistoryFixture.outcome;
import static org.ssi.scoring.ScoreHistoryFixture.post;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/** POST /internal/outcomes: atomic, idempotent, validated, for ingest and admin only. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OutcomeIngestionTest {

    // far from the ranges the insight tests read, so that these outcomes never enter their figures
    private static final LocalDate START = LocalDate.now(ZoneOffset.UTC).minusDays(600);
    private static final LocalDate END = START.plusDays(29);

    @Inject
    Pool pool;

    private ScoreHistoryFixture fixture;
    private String run;
    private String member;

    @BeforeEach
    void a_member_with_a_score_history() {
        fixture = new ScoreHistoryFixture(pool);
        run = "oi-" + UUID.randomUUID();
        member = run + "-m";
        fixture.scored(member, START, END, 42).store();
    }

    private Map<String, Object> revenue(String suffix, Object value) {
        return outcome(run + "-" + suffix, member, "revenue", START, END, value);
    }

    @Test
    void stores_a_batch_and_counts_a_retry_as_duplicates() {
        List<Map<String, Object>> batch = List.of(
                revenue("a", 1200.5), revenue("b", 0), outcome(run + "-c", member, "meetings", START, START, 3));

        post(batch).statusCode(200).body("accepted", equalTo(3)).body("duplicates", equalTo(0));
        post(batch).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(3));

        assertEquals(3, fixture.storedOutcomes(run));
    }

    @Test
    void counts_an_identical_repeat_within_a_batch_as_a_duplicate_even_with_another_spelling_of_the_value() {
        post(List.of(revenue("a", 7), revenue("a", new BigDecimal("7.000"))))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(1));
        post(List.of(revenue("a", new BigDecimal("7.0")))).statusCode(200).body("duplicates", equalTo(1));
    }

    @Test
    void rejects_an_outcome_id_reused_with_other_content_and_stores_nothing_of_the_batch() {
        post(List.of(revenue("a", 10))).statusCode(200);

        post(List.of(revenue("new", 1), revenue("a", 11)))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:conflict"))
                .body("outcomeIds", equalTo(List.of(run + "-a")));
        post(List.of(revenue("b", 1), revenue("b", 2))).statusCode(409);

        assertEquals(1, fixture.storedOutcomes(run));
    }

    @Test
    void rejects_every_bad_outcome_by_pointer_and_stores_none_of_the_batch() {
        Map<String, Object> unknownField = new HashMap<>(revenue("e", 1));
        unknownField.put("currency", "EUR");
        Map<String, Object> missingValue = new HashMap<>(revenue("f", 1));
        missingValue.remove("value");
        List<Object> batch = new ArrayList<>(List.of(
                revenue("good", 5),
                outcome(run + "-1", member, "calls", START, END, 1),
                Map.of(
                        "outcomeId",
                        run + "-2",
                        "memberId",
                        member,
                        "metric",
                        "meetings",
                        "periodStart",
                        "2026-1-05",
                        "periodEnd",
                        "2026-02-30",
                        "value",
                        1),
                outcome(run + "-3", member, "meetings", END, START, 1),
                revenue("4", -1),
                revenue("5", "3"),
                outcome("bad id!", "", "revenue", START, END, 1),
                unknownField,
                missingValue,
                "not an object"));

        post(batch)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:validation"))
                .body(
                        "errors.pointer",
                        containsInAnyOrder(
                                "/outcomes/1/metric",
                                "/outcomes/2/periodStart",
                                "/outcomes/2/periodEnd",
                                "/outcomes/3/periodEnd",
                                "/outcomes/4/value",
                                "/outcomes/5/value",
                                "/outcomes/6/outcomeId",
                                "/outcomes/6/memberId",
                                "/outcomes/7/currency",
                                "/outcomes/8/value",
                                "/outcomes/9"));

        assertEquals(0, fixture.storedOutcomes(run));
    }

    @Test
    void rejects_a_period_in_the_future_or_longer_than_two_years() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        post(List.of(
                        outcome(run + "-a", member, "meetings", today, today.plusDays(5), 1),
                        outcome(run + "-b", member, "meetings", today.minusDays(800), today, 1)))
                .statusCode(422)
                .body("errors.pointer", containsInAnyOrder("/outcomes/0/periodEnd", "/outcomes/1/periodEnd"));
    }

    @Test
    void rejects_members_without_a_score_history_and_stores_nothing() {
        post(List.of(revenue("a", 1), outcome(run + "-b", run + "-nobody", "revenue", START, END, 1)))
                .statusCode(422)
                .body("errors.pointer", equalTo(List.of("/outcomes/1/memberId")))
                .body("errors[0].detail", equalTo("is not a scored member"));

        assertEquals(0, fixture.storedOutcomes(run));
    }

    @Test
    void rejects_an_empty_a_missing_or_an_oversized_batch() {
        post(List.of()).statusCode(422).body("errors.pointer", hasItem("/outcomes"));
        given().headers(TestTokens.viaGateway("crm", "ingest"))
                .contentType(ContentType.JSON)
                .body("{\"events\": []}")
                .post("/internal/outcomes")
                .then()
                .statusCode(422)
                .body("errors.pointer", hasItem("/outcomes"));
        given().headers(TestTokens.viaGateway("crm", "ingest"))
                .contentType(ContentType.JSON)
                .body("{\"outcomes\": [")
                .post("/internal/outcomes")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.add(revenue("x" + i, 1));
        }
        post(tooMany).statusCode(413).contentType("application/problem+json");
        assertEquals(0, fixture.storedOutcomes(run));
    }

    @Test
    void answers_401_without_a_token_and_403_to_roles_other_than_ingest_or_admin() {
        String body = "{\"outcomes\": [{\"outcomeId\": \"" + run + "-a\", \"memberId\": \"" + member
                + "\", \"metric\": \"meetings\", \"periodStart\": \"" + START + "\", \"periodEnd\": \"" + END
                + "\", \"value\": 2}]}";
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/internal/outcomes")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        for (String role : List.of("rep", "manager", "analyst")) {
            given().headers(TestTokens.viaGateway("someone", role))
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/internal/outcomes")
                    .then()
                    .statusCode(403)
                    .body("type", equalTo("urn:ssi:problem:forbidden"));
        }
        assertEquals(0, fixture.storedOutcomes(run));
        given().headers(TestTokens.viaGateway("root", "admin"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/internal/outcomes")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
    }
}
