package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * The gateway's outcome endpoints: roles are checked before anything is forwarded. Nothing listens behind the gateway
 * here, so a request that passes the checks reaches for scoring-service and gets 503; the end-to-end suite runs the
 * real service.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OutcomeGatewayTest {

    private static final String BATCH = """
            {"outcomes": [{"outcomeId": "o-1", "memberId": "alice", "metric": "opportunities",
              "periodStart": "2026-01-01", "periodEnd": "2026-03-31", "value": 3}]}""";
    private static final String INSIGHTS =
            "/api/v1/insights/outcomes?metric=opportunities&from=2026-01-01&to=2026-03-31";

    @Test
    void answers_401_problem_without_a_token() {
        given().contentType(ContentType.JSON)
                .body(BATCH)
                .post("/api/v1/outcomes")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().get(INSIGHTS).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void lets_only_ingest_and_admin_post_outcomes() {
        for (String role : List.of("rep", "manager", "analyst")) {
            given().auth()
                    .oauth2(TestTokens.token("someone", role))
                    .contentType(ContentType.JSON)
                    .body(BATCH)
                    .post("/api/v1/outcomes")
                    .then()
                    .statusCode(403)
                    .body("type", equalTo("urn:ssi:problem:forbidden"));
        }
        for (String role : List.of("ingest", "admin")) {
            given().auth()
                    .oauth2(TestTokens.token("crm", role))
                    .contentType(ContentType.JSON)
                    .body(BATCH)
                    .post("/api/v1/outcomes")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue());
        }
    }

    @Test
    void lets_only_analysts_read_outcome_insights() {
        for (String role : List.of("rep", "manager", "ingest", "admin")) {
            given().auth()
                    .oauth2(TestTokens.token("someone", role))
                    .get(INSIGHTS)
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:ssi:problem:forbidden"));
        }
        given().auth()
                .oauth2(TestTokens.token("ana", "analyst"))
                .get(INSIGHTS)
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
    }

    @Test
    void refuses_a_body_that_is_not_json() {
        ContractValidation.answersOnly(() -> given().auth()
                .oauth2(TestTokens.token("crm", "ingest"))
                .contentType(ContentType.XML)
                .body("<outcomes/>")
                .post("/api/v1/outcomes")
                .then()
                .statusCode(415)
                .contentType("application/problem+json"));
    }

    @Test
    void documents_both_operations_in_the_openapi_document() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/outcomes'.post.operationId", equalTo("ingestOutcomes"))
                .body("paths.'/api/v1/insights/outcomes'.get.operationId", equalTo("getOutcomeInsights"));
    }
}
