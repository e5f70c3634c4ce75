package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.Scrape;
import org.ssi.devstack.TestTokens;

/**
 * Every answer that withholds a group is counted on {@code /q/metrics} as {@code ssi_privacy_refusals_total} with the
 * endpoint's route template and the problem type, whether the gateway's rule refused or a service did; a refusal for
 * want of a role is not a privacy refusal. ranking-service is a small HTTP server answering an industry of three
 * members, or a service's own refusal.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@TestProfile(PrivacyRefusalsTest.SmallIndustries.class)
@ExtendWith(ContractValidation.class)
class PrivacyRefusalsTest {

    static final int RANKING_PORT = TestPorts.reserved("small-industries");
    static final String ENDPOINT = "/api/v1/industries/{code}/ssi";
    static HttpServer ranking;

    /** ranking-service at the small server. */
    public static class SmallIndustries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ssi.services.ranking", "http://127.0.0.1:" + RANKING_PORT);
        }
    }

    @BeforeAll
    static void startRanking() throws IOException {
        ranking = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), RANKING_PORT), 0);
        // An industry of three members, as ranking-service answers an admin; "refused" as a service refuses itself.
        ranking.createContext("/internal/industries/", exchange -> {
            boolean refused = exchange.getRequestURI().getPath().contains("/refused/");
            byte[] body = (refused ? """
                                    {"type": "urn:ssi:problem:group-too-small",
                                     "title": "The group has fewer scored members than may be shown", "status": 403,
                                     "detail": "Figures of groups with fewer than 10 members are withheld",
                                     "minimumSize": 10}""" : "{\"size\": 3, \"average\": 40.5}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .add("Content-Type", refused ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(refused ? 403 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ranking.start();
    }

    @AfterAll
    static void stopRanking() {
        ranking.stop(0);
    }

    private static Scrape scrape() {
        return Scrape.of(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double refusals(Scrape scrape, String type) {
        return scrape.sum("ssi_privacy_refusals_total", Map.of("endpoint", ENDPOINT, "type", type));
    }

    @Test
    void counts_the_gateways_own_refusals_and_the_ones_it_relays_by_endpoint_and_type() {
        Scrape before = scrape();
        String admin = TestTokens.token("root", "admin");
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(admin)
                    .get("/api/v1/industries/tiny/ssi")
                    .then()
                    .statusCode(403)
                    .body("type", equalTo("urn:ssi:problem:group-too-small"));
        }
        given().auth()
                .oauth2(admin)
                .get("/api/v1/industries/refused/ssi")
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:ssi:problem:group-too-small"))
                .body("detail", equalTo("Figures of groups with fewer than 10 members are withheld"));

        Scrape after = scrape();
        // Two of the gateway's own refusals and one relayed from ranking-service, under the same type.
        assertEquals(3, refusals(after, "group-too-small") - refusals(before, "group-too-small"));
        assertEquals(0, refusals(after, "group-difference-too-small") - refusals(before, "group-difference-too-small"));
        // The same route template as the request histogram's, so that refusals and requests can be set side by side.
        assertTrue(
                after.has("http_server_requests_seconds_bucket", Map.of("uri", ENDPOINT, "le", "0.5")),
                "the industry endpoint's latency histogram has the 0.5 s bucket");
        // The gauge SsiCircuitBreakerOpen reads: the gateway's breaker for ranking-service, closed.
        String breaker = "calls to ranking-service";
        assertEquals(1, after.sum("ft_circuitbreaker_state_current", Map.of("method", breaker, "state", "closed")));
        assertTrue(after.has("ft_circuitbreaker_state_current", Map.of("method", breaker, "state", "open")));
    }

    @Test
    void does_not_count_a_refusal_for_want_of_a_role() {
        Scrape before = scrape();
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .get("/api/v1/teams")
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:ssi:problem:forbidden"));
        Scrape after = scrape();
        assertEquals(
                before.sum("ssi_privacy_refusals_total", Map.of()), after.sum("ssi_privacy_refusals_total", Map.of()));
    }
}
