package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * Every endpoint of the public API against every kind of token. No service runs behind the gateway in these tests
 * (their URLs point at a closed port), so a request the gateway lets through ends in 503 from the first call to a
 * service: a 401 or 403 here proves the gateway decided before calling anything.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuthorisationMatrixTest {

    private static final String ACTIVITIES = "{\"events\": [{\"eventId\": \"e-1\", \"memberId\": \"m-1\","
            + " \"type\": \"LEAD_SAVED\", \"occurredAt\": \"2026-11-20T09:30:00Z\"}]}";
    private static final String MEMBER = "{\"login\": \"x\", \"displayName\": \"X\", \"industry\": \"software\"}";
    private static final String TEAM = "{\"name\": \"T\"}";
    private static final String OUTCOMES = "{\"outcomes\": []}";

    /** One endpoint of api.md, the roles it admits, and whether an ingestion client may call it. */
    record Endpoint(String method, String path, String contentType, String body, Set<String> roles) {

        static final Set<String> PEOPLE = Set.of("rep", "manager", "analyst", "admin");

        Response call(String token) {
            RequestSpecification request = given().redirects().follow(false);
            if (token != null) {
                request = request.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                request = request.contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (path.endsWith("/export")) {
                request = request.accept("text/csv");
            }
            return request.request(method, path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Endpoint> endpoints() {
        String json = "application/json";
        return List.of(
                new Endpoint("GET", "/api/v1/me/ssi", null, null, Endpoint.PEOPLE),
                new Endpoint("GET", "/api/v1/me/ssi/history", null, null, Endpoint.PEOPLE),
                new Endpoint("GET", "/api/v1/me/ssi/explanation", null, null, Endpoint.PEOPLE),
                new Endpoint("GET", "/api/v1/me/ssi/rank-history", null, null, Endpoint.PEOPLE),
                new Endpoint("GET", "/api/v1/members/m-1/ssi", null, null, Endpoint.PEOPLE),
                new Endpoint("GET", "/api/v1/members/m-1/ssi/explanation", null, null, Endpoint.PEOPLE),
                new Endpoint("GET", "/api/v1/teams", null, null, Set.of("manager", "admin")),
                new Endpoint("GET", "/api/v1/teams/emea/ssi", null, null, Set.of("manager", "admin")),
                new Endpoint("GET", "/api/v1/teams/emea/ssi/history", null, null, Set.of("manager", "admin")),
                new Endpoint("GET", "/api/v1/teams/emea/ssi/export", null, null, Set.of("manager", "admin")),
                new Endpoint("GET", "/api/v1/industries/software/ssi", null, null, Endpoint.PEOPLE),
                new Endpoint("GET", "/api/v1/insights/outcomes", null, null, Set.of("analyst")),
                new Endpoint("POST", "/api/v1/activities", json, ACTIVITIES, Set.of("ingest", "admin")),
                new Endpoint("POST", "/api/v1/outcomes", json, OUTCOMES, Set.of("ingest", "admin")),
                new Endpoint("PUT", "/api/v1/members/m-1", json, MEMBER, Set.of("ingest", "admin")),
                new Endpoint("GET", "/api/v1/members/m-1", null, null, Set.of("admin")),
                new Endpoint("PUT", "/api/v1/teams/emea", json, TEAM, Set.of("ingest", "admin")),
                new Endpoint(
                        "POST",
                        "/api/v1/directory/import",
                        "application/x-ndjson",
                        "{\"kind\": \"team\", \"teamId\": \"t\", \"name\": \"T\"}\n",
                        Set.of("ingest", "admin")),
                new Endpoint("POST", "/api/v1/admin/rollover", null, null, Set.of("admin")),
                new Endpoint("POST", "/api/v1/admin/releases", null, null, Set.of("admin")),
                new Endpoint("GET", "/api/v1/admin/scoring-models", null, null, Set.of("admin")),
                new Endpoint("GET", "/api/v1/admin/scoring-models/active", null, null, Set.of("admin")),
                new Endpoint("PUT", "/api/v1/admin/scoring-models/active", json, "{\"version\": 2}", Set.of("admin")),
                new Endpoint("GET", "/api/v1/admin/scoring-jobs/1", null, null, Set.of("admin")),
                new Endpoint("GET", "/api/v1/admin/industries", null, null, Set.of("admin")),
                new Endpoint(
                        "PUT", "/api/v1/admin/industries/software", json, "{\"name\": \"Software\"}", Set.of("admin")));
    }

    private static final Map<String, String> INVALID_TOKENS = invalidTokens();

    /** Tokens no endpoint may accept, by what is wrong with them. */
    static Map<String, String> invalidTokens() {
        Map<String, String> tokens = new LinkedHashMap<>();
        String[] roles = {"rep", "manager", "analyst", "admin", "ingest"};
        tokens.put("no token", null);
        tokens.put("not a token", "not-a-jwt");
        tokens.put(
                "expired",
                TestTokens.of("root", roles)
                        .expiringAt(Instant.now().minusSeconds(120))
                        .sign());
        tokens.put(
                "wrong issuer",
                TestTokens.of("root", roles)
                        .issuer("https://evil.example.com/realms/ssi")
                        .sign());
        tokens.put(
                "wrong audience",
                TestTokens.of("root", roles).audience("other-api").sign());
        tokens.put("bad signature", TestTokens.of("root", roles).tampered());
        tokens.put("alg none", TestTokens.of("root", roles).unsigned());
        tokens.put("another realm's key", TestTokens.of("root", roles).signWithAnotherKey());
        tokens.put(
                "another client",
                TestTokens.of("root", roles)
                        .audience("account")
                        .client("some-other-app")
                        .sign());
        return tokens;
    }

    @Test
    @ContractValidation.AnswersOnly(
            "the matrix calls every endpoint with the least request, without required queries or bodies")
    void refuses_every_invalid_token_on_every_endpoint_with_401_problem() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Map.Entry<String, String> token : INVALID_TOKENS.entrySet()) {
                Response response = endpoint.call(token.getValue());
                if (response.statusCode() != 401
                        || !response.contentType().startsWith("application/problem+json")
                        || !"urn:ssi:problem:unauthorized".equals(response.path("type"))) {
                    wrong.add(endpoint + " with " + token.getKey() + ": " + response.statusCode() + " "
                            + response.asString());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    @ContractValidation.AnswersOnly(
            "the matrix calls every endpoint with the least request, without required queries or bodies")
    void lets_each_role_through_exactly_the_endpoints_it_may_call() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String role : List.of("rep", "manager", "analyst", "admin", "ingest")) {
                Response response = endpoint.call(TestTokens.token("user-" + role, role));
                boolean admitted = endpoint.roles().contains(role);
                // Admitted: the first call to a service, which is down here, answers 503. Refused: 403, no call.
                int expected = admitted ? 503 : 403;
                if (response.statusCode() != expected
                        || !response.contentType().startsWith("application/problem+json")) {
                    wrong.add(endpoint + " as " + role + ": expected " + expected + ", got " + response.statusCode()
                            + " " + response.asString());
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void admits_tokens_of_the_portal_and_the_command_line_by_audience_or_client() {
        List<String> wrong = new ArrayList<>();
        List<String> accepted = List.of(
                TestTokens.of("alice", "rep")
                        .audience("account")
                        .client("ssi-portal")
                        .sign(),
                TestTokens.of("alice", "rep")
                        .audience("ssi-portal")
                        .client("ssi-portal")
                        .sign(),
                TestTokens.of("alice", "rep")
                        .audience("account")
                        .client("ssi-cli")
                        .sign(),
                TestTokens.of("alice", "rep")
                        .audience("ssi-cli")
                        .client("ssi-cli")
                        .sign(),
                TestTokens.of("alice", "rep")
                        .audience("ssi-api", "ssi-portal")
                        .client("ssi-portal")
                        .sign());
        for (String token : accepted) {
            // Past authentication and authorisation: the directory look-up of the caller finds no service.
            int status = given().auth().oauth2(token).get("/api/v1/me/ssi").statusCode();
            if (status != 503) {
                wrong.add("a valid token was answered " + status);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    @ContractValidation.AnswersOnly(
            "the matrix calls every endpoint with the least request, without required queries or bodies")
    void admits_ingestion_client_tokens_to_ingestion_and_directory_endpoints_only() {
        String ingest = TestTokens.of("service-account-ssi-ingest", "ingest", "admin", "analyst")
                .audience("ssi-ingest", "account")
                .client("ssi-ingest")
                .sign();
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            boolean writes = endpoint.roles().contains("ingest");
            int expected = writes ? 503 : 403;
            Response response = endpoint.call(ingest);
            if (response.statusCode() != expected) {
                wrong.add(endpoint + ": expected " + expected + ", got " + response.statusCode() + " "
                        + response.asString());
            }
        }
        assertTrue(wrong.isEmpty(), "even with admin and analyst roles\n" + String.join("\n", wrong));
    }

    @Test
    @ContractValidation.AnswersOnly("the bodies claim roles in members the contract refuses")
    void ignores_roles_claimed_in_the_body_the_query_or_headers() {
        String rep = TestTokens.token("alice", "rep");
        Response body = given().auth()
                .oauth2(rep)
                .contentType("application/json")
                .body("{\"realm_access\": {\"roles\": [\"ingest\", \"admin\"]}, \"roles\": [\"admin\"], "
                        + ACTIVITIES.substring(1))
                .post("/api/v1/activities");
        assertEquals(403, body.statusCode(), body.asString());
        assertEquals("urn:ssi:problem:forbidden", body.path("type"));
        Response query = given().auth()
                .oauth2(rep)
                .queryParam("role", "admin")
                .queryParam("roles", "manager")
                .header("X-Roles", "admin")
                .header("X-Forwarded-User", "root")
                .get("/api/v1/teams");
        assertEquals(403, query.statusCode(), query.asString());
        Response gatewayRole = given().auth()
                .oauth2(TestTokens.of("crm", "ingest", "ssi-gateway-person")
                        .client("ssi-ingest")
                        .sign())
                .get("/api/v1/industries/software/ssi");
        assertEquals(403, gatewayRole.statusCode(), "the gateway's own role cannot come from a token");
    }

    @Test
    @ContractValidation.AnswersOnly("the ids are invalid on purpose")
    void refuses_ids_that_are_not_ids_in_every_path_before_calling_a_service() {
        String root = TestTokens.token("root", "admin");
        for (String path : List.of(
                "/api/v1/members/..%2F..%2Fetc%2Fpasswd/ssi",
                "/api/v1/members/m-1%27%20OR%20%271%27=%271/ssi/explanation",
                "/api/v1/members/%3Cscript%3E",
                "/api/v1/teams/" + "x".repeat(65) + "/ssi",
                "/api/v1/teams/a%20b/ssi/history",
                "/api/v1/teams/%00/ssi/export",
                "/api/v1/industries/SOFTWARE/ssi",
                "/api/v1/industries/a/ssi")) {
            Response response = given().auth().oauth2(root).accept("*/*").get(path);
            assertEquals(404, response.statusCode(), path + ": " + response.asString());
            assertTrue(response.contentType().startsWith("application/problem+json"), path);
        }
        for (String path : List.of(
                "/api/v1/admin/industries/SOFTWARE",
                "/api/v1/admin/industries/a",
                "/api/v1/admin/industries/" + "x".repeat(65),
                "/api/v1/admin/industries/soft%2Fware",
                "/api/v1/admin/industries/..%2F..%2Fmembers")) {
            Response response = given().auth()
                    .oauth2(root)
                    .contentType("application/json")
                    .body("{}")
                    .put(path);
            assertEquals(404, response.statusCode(), path + ": " + response.asString());
            assertTrue(response.contentType().startsWith("application/problem+json"), path);
        }
    }
}
