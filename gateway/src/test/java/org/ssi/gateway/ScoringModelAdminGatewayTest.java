package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * Model administration through the gateway is for admins only. Nothing listens behind the gateway here, so a request
 * that passes the role check reaches for scoring-service and gets 503; the end-to-end suite runs the real service.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ScoringModelAdminGatewayTest {

    private static final List<Function<RequestSpecification, io.restassured.response.Response>> CALLS = List.of(
            caller -> caller.get("/api/v1/admin/scoring-models"),
            caller -> caller.contentType(ContentType.JSON)
                    .body("{\"version\": 2}")
                    .post("/api/v1/admin/scoring-models"),
            caller -> caller.get("/api/v1/admin/scoring-models/1"),
            caller -> caller.get("/api/v1/admin/scoring-models/active"),
            caller -> caller.contentType(ContentType.JSON)
                    .body("{\"version\": 2}")
                    .put("/api/v1/admin/scoring-models/active"),
            caller -> caller.get("/api/v1/admin/scoring-jobs/1"));

    @Test
    @ContractValidation.AnswersOnly("an incomplete model: refused for its missing token before the body is read")
    void answers_401_problem_without_a_token() {
        for (var call : CALLS) {
            call.apply(given()).then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    @ContractValidation.AnswersOnly("an incomplete model: the role is refused before the body is read")
    void forbids_reps_managers_analysts_and_ingest_clients() {
        for (String role : List.of("rep", "manager", "analyst", "ingest")) {
            for (var call : CALLS) {
                call.apply(given().auth().oauth2(TestTokens.token("maria", role)))
                        .then()
                        .statusCode(403)
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:ssi:problem:forbidden"));
            }
        }
    }

    @Test
    @ContractValidation.AnswersOnly("an incomplete model, relayed to a stub of scoring-service")
    void passes_an_admin_on_to_scoring_service() {
        for (var call : CALLS) {
            call.apply(given().auth().oauth2(TestTokens.token("root", "admin")))
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:ssi:problem:unavailable"));
        }
    }

    @Test
    @ContractValidation.AnswersOnly("a body that is not JSON, on purpose")
    void refuses_a_body_that_is_not_json() {
        given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .contentType(ContentType.TEXT)
                .body("version=2")
                .put("/api/v1/admin/scoring-models/active")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }
}
