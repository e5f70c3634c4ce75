package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/** History ranges are checked by the gateway before any service is called: 422 with a pointer, never a 500. */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class HistoryRangeTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Test
    void refuses_a_history_longer_than_two_years() {
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .queryParam("from", TODAY.minusDays(731).toString())
                .queryParam("to", TODAY.toString())
                .get("/api/v1/me/ssi/history")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:validation"))
                .body("errors[0].pointer", equalTo("/from"));
        given().auth()
                .oauth2(TestTokens.token("maria", "manager"))
                .queryParam("from", "2020-01-01")
                .get("/api/v1/teams/emea-enterprise/ssi/history")
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/from"));
        given().auth()
                .oauth2(TestTokens.token("maria", "manager"))
                .accept("text/csv")
                .queryParam("from", "2020-01-01")
                .queryParam("to", "2026-01-01")
                .get("/api/v1/teams/emea-enterprise/ssi/export")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void lets_a_range_of_exactly_two_years_through_to_the_service() {
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .queryParam("from", TODAY.minusDays(730).toString())
                .queryParam("to", TODAY.toString())
                .get("/api/v1/me/ssi/history")
                .then()
                .statusCode(503);
    }

    @Test
    @ContractValidation.AnswersOnly("days that are not days, on purpose")
    void refuses_days_that_are_not_days_and_ranges_that_run_backwards() {
        for (String[] range : new String[][] {
            {"2026-13-01", null, "/from"},
            {null, "yesterday", "/to"},
            {"2026-11-20T00:00:00Z", null, "/from"},
            {"+2026-11-20", null, "/from"},
            {"2026-11-20", "2026-11-01", "/from"},
            {"' OR 1=1 --", null, "/from"}
        }) {
            var request = given().auth().oauth2(TestTokens.token("alice", "rep"));
            if (range[0] != null) {
                request = request.queryParam("from", range[0]);
            }
            if (range[1] != null) {
                request = request.queryParam("to", range[1]);
            }
            request.get("/api/v1/me/ssi/history")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo(range[2]));
        }
    }
}
