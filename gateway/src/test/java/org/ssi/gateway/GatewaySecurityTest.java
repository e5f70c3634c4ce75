package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class GatewaySecurityTest {

    private static final String BATCH = "{\"events\": []}";

    @Test
    @ContractValidation.AnswersOnly("an empty batch: refused for its missing token before the body is read")
    void answers_401_problem_without_a_token() {
        given().get("/api/v1/me/ssi")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("urn:ssi:problem:unauthorized"));
        given().contentType(ContentType.JSON)
                .body(BATCH)
                .post("/api/v1/activities")
                .then()
                .statusCode(401);
    }

    @Test
    void answers_401_to_an_expired_token_or_one_for_another_audience() {
        given().auth()
                .oauth2(TestTokens.expired("alice", "rep"))
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.forAudience("other-api", "alice", "rep"))
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(401);
    }

    @Test
    @ContractValidation.AnswersOnly("an empty batch: the role is refused before the body is read")
    void forbids_a_rep_to_post_activity_or_write_the_directory() {
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .contentType(ContentType.JSON)
                .body(BATCH)
                .post("/api/v1/activities")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:forbidden"));
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .contentType(ContentType.JSON)
                .body("{}")
                .put("/api/v1/members/m-1")
                .then()
                .statusCode(403);
    }

    @Test
    @ContractValidation.AnswersOnly("an id that is not an id, on purpose")
    void refuses_team_views_to_reps_and_analysts() {
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .get("/api/v1/teams")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.token("ana", "analyst"))
                .get("/api/v1/teams/emea-enterprise/ssi")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(TestTokens.token("maria", "manager"))
                .get("/api/v1/teams/bad%20id/ssi")
                .then()
                .statusCode(404);
    }

    @Test
    @ContractValidation.AnswersOnly("an empty batch: the gateway answers 503 before any service reads it")
    void answers_503_with_retry_after_when_a_service_is_down() {
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        given().auth()
                .oauth2(TestTokens.token("crm", "ingest"))
                .contentType(ContentType.JSON)
                .body(BATCH)
                .post("/api/v1/activities")
                .then()
                .statusCode(503);
    }

    @Test
    @ContractValidation.AnswersOnly("unknown paths, bad ids and media types on purpose")
    void answers_problems_for_unknown_paths_bad_ids_and_media_types() {
        given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .get("/api/v1/nowhere")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .get("/api/v1/members/..%2F..%2Fetc")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.token("crm", "ingest"))
                .contentType(ContentType.XML)
                .body("<events/>")
                .post("/api/v1/activities")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void serves_health_and_the_openapi_document() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/me/ssi'.get.operationId", equalTo("getMySsi"))
                .body("paths.'/api/v1/activities'.post.operationId", equalTo("ingestActivities"));
    }
}
