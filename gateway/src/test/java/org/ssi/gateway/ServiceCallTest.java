package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * How the gateway calls a service: with its own client-credentials token, never the caller's, and the caller it has
 * verified in {@code X-SSI-Caller} and {@code X-SSI-Caller-Roles}, whatever headers the client sent. A service that
 * refuses the gateway's token is a 503, not the caller's 401. Every call and answer names its request
 * ({@code X-Request-Id}). scoring-service is a real HTTP server that records what it receives.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@TestProfile(ServiceCallTest.RecordingScoring.class)
class ServiceCallTest {

    static final int SCORING_PORT = TestPorts.reserved("recording-scoring");
    static RecordingServer scoring;

    /** scoring-service at the recording server. */
    public static class RecordingScoring implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ssi.services.scoring", "http://127.0.0.1:" + SCORING_PORT);
        }
    }

    @BeforeAll
    static void startScoring() {
        scoring = new RecordingServer(SCORING_PORT);
    }

    @AfterAll
    static void stopScoring() {
        scoring.close();
    }

    @Test
    void calls_with_its_own_token_and_names_the_verified_caller() {
        String root = TestTokens.token("root", "admin");
        given().auth().oauth2(root).post("/api/v1/admin/rollover").then().statusCode(200);
        Headers first = scoring.last.get();
        String gatewayToken = first.getFirst("Authorization");
        assertNotNull(gatewayToken);
        assertNotEquals("Bearer " + root, gatewayToken, "the caller's token stays at the gateway");
        assertEquals("root", first.getFirst("X-SSI-Caller"));
        assertEquals("admin", first.getFirst("X-SSI-Caller-Roles"));

        given().auth()
                .oauth2(TestTokens.token("maria", "rep", "manager", "admin"))
                .post("/api/v1/admin/rollover")
                .then()
                .statusCode(200);
        Headers second = scoring.last.get();
        assertEquals(gatewayToken, second.getFirst("Authorization"), "one token, kept until shortly before expiry");
        assertEquals("maria", second.getFirst("X-SSI-Caller"));
        assertEquals(
                java.util.Set.of("rep", "manager", "admin"),
                java.util.Set.of(second.getFirst("X-SSI-Caller-Roles").split(",")));
    }

    @Test
    void never_passes_on_caller_headers_a_client_sends() {
        given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .header("X-SSI-Caller", "someone-else")
                .header("X-SSI-Caller-Roles", "service")
                .post("/api/v1/admin/rollover")
                .then()
                .statusCode(200);
        assertEquals("root", scoring.last.get().getFirst("X-SSI-Caller"));
        assertEquals("admin", scoring.last.get().getFirst("X-SSI-Caller-Roles"));
    }

    @Test
    void percent_encodes_a_login_that_no_header_could_carry() {
        given().auth()
                .oauth2(TestTokens.token("jörg müller", "admin"))
                .post("/api/v1/admin/rollover")
                .then()
                .statusCode(200);
        assertEquals("j%C3%B6rg+m%C3%BCller", scoring.last.get().getFirst("X-SSI-Caller"));
    }

    @Test
    void answers_503_when_a_service_refuses_the_gateways_token() {
        scoring.status.set(401);
        try {
            given().auth()
                    .oauth2(TestTokens.token("root", "admin"))
                    .post("/api/v1/admin/rollover")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("service", equalTo("scoring-service"));
        } finally {
            scoring.status.set(200);
        }
        given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .post("/api/v1/admin/rollover")
                .then()
                .statusCode(200);
    }

    @Test
    void passes_the_callers_request_id_to_the_service_and_answers_with_it() {
        String answered = given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .header("X-Request-Id", "crm-import-7f3a.2")
                .post("/api/v1/admin/rollover")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Request-Id");
        assertEquals("crm-import-7f3a.2", answered);
        assertEquals("crm-import-7f3a.2", scoring.last.get().getFirst("X-Request-Id"));
    }

    @Test
    void names_a_request_whose_caller_sent_no_id_or_one_that_could_forge_a_log_line() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String offered : new String[] {null, "x\" admin=true", "a".repeat(129), ""}) {
            var request = given().auth().oauth2(TestTokens.token("root", "admin"));
            if (offered != null) {
                request.header("X-Request-Id", offered);
            }
            String answered = request.post("/api/v1/admin/rollover")
                    .then()
                    .statusCode(200)
                    .extract()
                    .header("X-Request-Id");
            assertNotNull(answered, "offered " + offered);
            assertNotEquals(offered, answered);
            assertTrue(answered.matches("[A-Za-z0-9._:-]{1,128}"), answered);
            assertEquals(answered, scoring.last.get().getFirst("X-Request-Id"), "the service gets the same id");
            ids.add(answered);
        }
        assertEquals(4, ids.size(), "a new id for each request: " + ids);
    }

    @Test
    void a_problem_names_its_request_as_the_answers_header_does() {
        var refused = given().header("X-Request-Id", "support-case-118")
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .extract();
        assertEquals("support-case-118", refused.header("X-Request-Id"));
        assertEquals("support-case-118", refused.jsonPath().getString("requestId"));

        scoring.status.set(401);
        try {
            var unavailable = given().auth()
                    .oauth2(TestTokens.token("root", "admin"))
                    .post("/api/v1/admin/rollover")
                    .then()
                    .statusCode(503)
                    .extract();
            assertNotNull(unavailable.header("X-Request-Id"));
            assertEquals(
                    unavailable.header("X-Request-Id"), unavailable.jsonPath().getString("requestId"));
        } finally {
            scoring.status.set(200);
        }
    }

    /** Answers a rollover's JSON with the status set, and keeps the headers of the last request. */
    static final class RecordingServer implements AutoCloseable {
        final AtomicReference<Headers> last = new AtomicReference<>();
        final AtomicInteger status = new AtomicInteger(200);
        private final HttpServer server;

        RecordingServer(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                last.set(exchange.getRequestHeaders());
                byte[] body = status.get() == 200
                        ? "{\"day\": \"2026-11-25\", \"rescored\": 0, \"carriedForward\": 0, \"expired\": 0}"
                                .getBytes(StandardCharsets.UTF_8)
                        : "{\"status\": 401}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.get(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
