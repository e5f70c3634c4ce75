package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.Scrape;
import org.ssi.devstack.TestTokens;

/** A caller past their rate gets 429 with Retry-After; others do not notice; the bucket refills with time. */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@TestProfile(RateLimitTest.LowLimit.class)
class RateLimitTest {

    static final int BURST = 3;

    /** Three requests at once, then one every two seconds. */
    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ssi.rate-limit.requests-per-second", "0.5", "ssi.rate-limit.burst", Integer.toString(BURST));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(AdjustableClock.class);
        }
    }

    @Inject
    AdjustableClock clock;

    @BeforeEach
    void everyBucketRefilled() {
        clock.advance(Duration.ofHours(1));
    }

    /** An endpoint the gateway answers by itself: a rep may not list teams (403). */
    private static ValidatableResponse teamsAs(String token) {
        return given().auth().oauth2(token).get("/api/v1/teams").then();
    }

    @Test
    void answers_429_with_retry_after_past_the_burst_and_spares_other_callers() {
        String alice = TestTokens.token("alice", "rep");
        for (int i = 0; i < BURST; i++) {
            teamsAs(alice).statusCode(403);
        }
        var refused = teamsAs(alice)
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("type", equalTo("urn:ssi:problem:too-many-requests"))
                .body("status", equalTo(429))
                .body("retryAfterSeconds", equalTo(2))
                .extract();
        assertNotNull(refused.header("X-Request-Id"));
        assertEquals(
                refused.header("X-Request-Id"), refused.jsonPath().getString("requestId"), "the 429 names its request");
        teamsAs(TestTokens.token("bob", "rep")).statusCode(403);
        teamsAs(TestTokens.of("alice", "rep")
                        .expiringAt(java.time.Instant.now().plusSeconds(300))
                        .sign())
                .statusCode(429);
    }

    private static double rateLimited(String endpoint) {
        return Scrape.of(given().get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .sum("ssi_rate_limited_total", Map.of("endpoint", endpoint));
    }

    @Test
    void counts_every_429_by_the_part_of_the_api_asked_for() {
        double teams = rateLimited("/api/v1/teams");
        double me = rateLimited("/api/v1/me");
        String dave = TestTokens.token("dave", "rep");
        for (int i = 0; i < BURST; i++) {
            teamsAs(dave).statusCode(403);
        }
        teamsAs(dave).statusCode(429);
        given().auth().oauth2(dave).get("/api/v1/teams/emea/ssi").then().statusCode(429);
        given().auth().oauth2(dave).get("/api/v1/me/ssi/history").then().statusCode(429);
        org.junit.jupiter.api.Assertions.assertEquals(teams + 2, rateLimited("/api/v1/teams"));
        org.junit.jupiter.api.Assertions.assertEquals(me + 1, rateLimited("/api/v1/me"));
    }

    @Test
    void lets_the_caller_in_again_once_the_bucket_has_refilled() {
        String alice = TestTokens.token("alice", "rep");
        for (int i = 0; i < BURST; i++) {
            teamsAs(alice).statusCode(403);
        }
        teamsAs(alice).statusCode(429);
        clock.advance(Duration.ofSeconds(1));
        teamsAs(alice).statusCode(429);
        clock.advance(Duration.ofSeconds(1));
        teamsAs(alice).statusCode(403);
        teamsAs(alice).statusCode(429);
    }

    @Test
    void counts_requests_without_a_valid_token_by_client_address() {
        for (int i = 0; i < BURST; i++) {
            given().get("/api/v1/me/ssi").then().statusCode(401);
        }
        given().header("Authorization", "Bearer forged.token.here")
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(429)
                .header("Retry-After", "2");
        teamsAs(TestTokens.token("carol", "rep")).statusCode(403);
    }

    @Test
    void leaves_health_and_the_openapi_document_unlimited() {
        for (int i = 0; i < BURST + 2; i++) {
            given().get("/q/health/live").then().statusCode(200);
        }
    }
}
