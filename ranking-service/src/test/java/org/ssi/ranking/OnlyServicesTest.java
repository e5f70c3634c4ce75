package org.ssi.ranking;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.ApiEndpoints;
import org.ssi.devstack.ApiEndpoints.Endpoint;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/**
 * ranking-service trusts only services: a person's token (rep, manager, analyst, admin) and the ingest client's are refused
 * on every endpoint of its own OpenAPI document, internal and public alike, whatever caller headers they carry; the
 * caller the gateway names beside its own token is judged by that caller's roles.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OnlyServicesTest {

    /** Real ids of the demo realm where a path names one; any other parameter gets {@code x}. */
    private static final Map<String, String> PATH_VALUES =
            Map.of("memberId", "alice", "teamId", "emea-enterprise", "code", "software", "login", "alice");

    @Test
    void refuses_the_tokens_of_people_and_of_the_ingest_client_on_every_endpoint() throws IOException {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("a rep", TestTokens.token("alice", "rep"));
        tokens.put("a manager", TestTokens.token("maria", "rep", "manager"));
        tokens.put("an analyst", TestTokens.token("ana", "analyst"));
        tokens.put("an admin", TestTokens.token("root", "admin"));
        tokens.put(
                "the ingest client",
                TestTokens.of("service-account-ssi-ingest", "ingest")
                        .client("ssi-ingest")
                        .sign());
        List<String> answered = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                Response answer = call(given().auth().oauth2(token.getValue()), endpoint);
                if (answer.statusCode() != 403 || !isProblem(answer)) {
                    answered.add(endpoint + " for " + token.getKey() + ": " + answer.statusCode());
                }
                Response posing = call(
                        given().auth()
                                .oauth2(token.getValue())
                                .header(TestTokens.CALLER_HEADER, "root")
                                .header(TestTokens.CALLER_ROLES_HEADER, "admin,service"),
                        endpoint);
                if (posing.statusCode() != 403 || !isProblem(posing)) {
                    answered.add(endpoint + " for " + token.getKey() + " naming an admin: " + posing.statusCode());
                }
            }
        }
        assertEquals(List.of(), answered, "endpoints that did not refuse with 403 problem+json");
    }

    @Test
    void answers_401_without_a_token_or_with_a_forged_one_on_every_endpoint() throws IOException {
        List<String> answered = new ArrayList<>();
        String forged = TestTokens.of(TestTokens.SERVICE_ACCOUNT, TestTokens.SERVICE_ROLE)
                .signWithAnotherKey();
        for (Endpoint endpoint : endpoints()) {
            Response anonymous = call(given(), endpoint);
            Response impostor = call(given().auth().oauth2(forged), endpoint);
            for (Response answer : List.of(anonymous, impostor)) {
                if (answer.statusCode() != 401 || !isProblem(answer)) {
                    answered.add(endpoint + ": " + answer.statusCode());
                }
            }
        }
        assertEquals(List.of(), answered, "endpoints that did not answer 401 problem+json");
    }

    @Test
    void leaves_health_metrics_and_the_openapi_document_open() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void answers_the_gateway_for_the_caller_it_names() {
        int status = given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/alice")
                .statusCode();
        assertTrue(status != 401 && status != 403, "the gateway's call for alice is let through: " + status);
    }

    private static List<Endpoint> endpoints() throws IOException {
        JsonNode document = new ObjectMapper()
                .readTree(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<Endpoint> endpoints = ApiEndpoints.of(document, PATH_VALUES, "x");
        assertFalse(endpoints.isEmpty(), "the OpenAPI document lists the endpoints");
        return endpoints;
    }

    private static Response call(RequestSpecification request, Endpoint endpoint) {
        if (endpoint.contentType() != null) {
            String body = endpoint.contentType().contains("json") ? "{}" : "x";
            request.contentType(endpoint.contentType()).body(body.getBytes(StandardCharsets.UTF_8));
        }
        return request.request(endpoint.method(), endpoint.path());
    }

    private static boolean isProblem(Response answer) {
        return String.valueOf(answer.contentType()).startsWith("application/problem+json");
    }
}
