package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ssi.scoring.ScoreHistoryFixture.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/**
 * What the end-to-end HostileInputIT found in scoring-service: a body followed by more JSON was stored (the rest was
 * ignored), a model description with a NUL was a 500, and a day range ending before year -999,999,909 was a 500.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class HostileBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Test
    void refuses_two_outcome_batches_back_to_back_and_stores_neither() throws Exception {
        String run = "hb-" + UUID.randomUUID();
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(700);
        String batch = JSON.writeValueAsString(
                Map.of("outcomes", List.of(outcome(run + "-a", run + "-m", "meetings", day, day, 1))));
        for (String body : List.of(batch + batch, batch + "]", batch + " x")) {
            given().headers(TestTokens.viaGateway("crm", "ingest"))
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/internal/outcomes")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        assertEquals(0, new ScoreHistoryFixture(pool).storedOutcomes(run));
    }

    @Test
    void refuses_a_model_description_with_nul_or_half_a_surrogate_pair() throws Exception {
        // As JSON escapes: a lone surrogate written raw would reach the server as '?' already.
        for (String description : List.of("a\\u0000b", "x\\ud800y", "\\udc00")) {
            ObjectNode model = v1();
            model.put("version", 700);
            model.put("description", "DESCRIPTION");
            given().headers(TestTokens.viaGateway("root", "admin"))
                    .contentType(ContentType.JSON)
                    .body(model.toString().replace("DESCRIPTION", description))
                    .post("/internal/admin/scoring-models")
                    .then()
                    .statusCode(422)
                    .body("errors[0].pointer", equalTo("/description"));
            ObjectNode followed = v1();
            followed.put("version", 701);
            given().headers(TestTokens.viaGateway("root", "admin"))
                    .contentType(ContentType.JSON)
                    .body(followed + "]")
                    .post("/internal/admin/scoring-models")
                    .then()
                    .statusCode(400);
        }
        given().headers(TestTokens.viaGateway("root", "admin"))
                .get("/internal/admin/scoring-models/700")
                .then()
                .statusCode(404);
    }

    @Test
    void refuses_a_history_range_beyond_any_day_as_invalid_not_as_a_failure() {
        for (String query : List.of("to=-999999999-01-01", "from=-999999999-01-01&to=%2B999999999-12-31")) {
            given().headers(TestTokens.viaGateway("root", "admin"))
                    .get("/internal/scores/hb-range/history?" + query)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:ssi:problem:validation"))
                    .body("errors[0].pointer", equalTo(query.startsWith("to") ? "/to" : "/from"));
        }
        given().headers(TestTokens.viaGateway("root", "admin"))
                .get("/internal/scores/hb-range/history?from=2026-11-20&to=2026-11-01")
                .then()
                .statusCode(422)
                .body("errors.pointer", contains("/from"))
                .body("errors[0].detail", equalTo("must not be after to"));
    }

    private static ObjectNode v1() throws Exception {
        try (InputStream in = HostileBodyTest.class.getResourceAsStream("/models/v1.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
