package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ssi.scoring.ScoreHistoryFixture.outcome;
import static org.ssi.scoring.ScoreHistoryFixture.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/** Outcome batches at the edges: members besides {@code outcomes}, keys twice, days of year 1, numbers beyond a double. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OutcomeEdgesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate START = LocalDate.now(ZoneOffset.UTC).minusDays(620);
    private static final LocalDate END = START.plusDays(9);

    @Inject
    Pool pool;

    private ScoreHistoryFixture fixture;
    private String run;
    private String member;

    @BeforeEach
    void a_member_with_a_score_history() {
        fixture = new ScoreHistoryFixture(pool);
        run = "oe-" + UUID.randomUUID();
        member = run + "-m";
        fixture.scored(member, START, END, 42).store();
    }

    private static ValidatableResponse postRaw(String body) {
        return given().headers(TestTokens.viaGateway("crm", "ingest"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/internal/outcomes")
                .then();
    }

    /** The outcome as JSON with its value written as given, so that no client library rounds it first. */
    private String batchWithValue(String value) throws Exception {
        String outcome = JSON.writeValueAsString(outcome(run + "-v", member, "revenue", START, END, "VALUE"));
        return "{\"outcomes\": [" + outcome.replace("\"VALUE\"", value) + "]}";
    }

    @Test
    void refuses_a_batch_with_an_unknown_top_level_member() throws Exception {
        Map<String, Object> body =
                Map.of("outcomes", List.of(outcome(run + "-a", member, "revenue", START, END, 1)), "extra", 1);
        postRaw(JSON.writeValueAsString(body))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/extra"));
        assertEquals(0, fixture.storedOutcomes(run));
    }

    @Test
    void refuses_a_key_given_twice_and_names_it() throws Exception {
        String body = batchWithValue("1, \"value\": 1000000");
        postRaw(body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:malformed-request"))
                .body("errors.pointer", contains("/outcomes/0/value"));
        assertEquals(0, fixture.storedOutcomes(run));
    }

    @Test
    void refuses_a_period_before_the_earliest_day() {
        LocalDate yearOne = LocalDate.of(1, 1, 1);
        post(List.of(outcome(run + "-a", member, "meetings", yearOne, yearOne, 1)))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/outcomes/0/periodStart"));
        LocalDate before = LocalDate.of(1999, 12, 31);
        post(List.of(outcome(run + "-b", member, "meetings", before, before.plusDays(1), 1)))
                .statusCode(422)
                .body("errors.pointer", contains("/outcomes/0/periodStart"));
        assertEquals(0, fixture.storedOutcomes(run));
    }

    @Test
    void refuses_values_that_a_double_would_turn_into_0_or_infinity() throws Exception {
        for (String value : List.of("1e-400", "4.9e-325", "1e400", "-1e-400")) {
            postRaw(batchWithValue(value))
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.pointer", contains("/outcomes/0/value"));
        }
        assertEquals(0, fixture.storedOutcomes(run));
        postRaw(batchWithValue("0.0")).statusCode(200).body("accepted", equalTo(1));
        postRaw(batchWithValue("0e-400")).statusCode(200).body("duplicates", equalTo(1));
    }

    @Test
    void refuses_a_number_for_an_id_and_text_for_a_value_and_names_both() throws Exception {
        String good = JSON.writeValueAsString(outcome(run + "-c", member, "revenue", START, END, 1));
        String numberId = good.replace("\"" + run + "-c\"", "12345");
        String textValue = JSON.writeValueAsString(outcome(run + "-d", member, "revenue", START, END, "3"));
        postRaw("{\"outcomes\": [" + numberId + ", " + textValue + ", null]}")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:validation"))
                .body("errors.pointer", contains("/outcomes/0/outcomeId", "/outcomes/1/value", "/outcomes/2"))
                .body(
                        "errors.detail",
                        contains(
                                "must be a string matching [A-Za-z0-9._-]{1,128}",
                                "must be a number",
                                "must be an object"));
        assertEquals(0, fixture.storedOutcomes(run));
    }

    @Test
    void refuses_a_body_of_null_or_of_another_shape_as_no_batch() {
        for (String body : List.of("null", "[]", "{\"outcomes\": {}}", "{\"outcomes\": null}")) {
            postRaw(body)
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.pointer", contains("/outcomes"));
        }
    }
}
