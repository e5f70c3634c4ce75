package org.ssi.ranking;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.Scrape;
import org.ssi.devstack.ServiceTrustCheck;
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

    @TestHTTPResource("/")
    URL base;

    private ServiceTrustCheck check() {
        String url = base.toString();
        return ServiceTrustCheck.of(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Test
    void refuses_the_tokens_of_people_and_of_the_ingest_client_on_every_endpoint() {
        assertEquals(List.of(), check().notRefusingPeople(), "endpoints that did not refuse with 403 problem+json");
    }

    @Test
    void answers_401_without_a_token_or_with_a_forged_one_on_every_endpoint() {
        assertEquals(List.of(), check().notAnswering401(), "endpoints that did not answer 401 problem+json");
    }

    @Test
    void leaves_health_metrics_and_the_openapi_document_open() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void writes_its_latency_histogram_with_the_buckets_of_the_objective() {
        given().headers(TestTokens.viaGateway("alice", "rep")).get("/internal/ranks/alice");
        Scrape scrape = Scrape.of(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
        for (String bucket : List.of("0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "+Inf")) {
            assertTrue(
                    scrape.has(
                            "http_server_requests_seconds_bucket",
                            Map.of("uri", "/internal/ranks/{memberId}", "le", bucket)),
                    "no bucket le=" + bucket);
        }
    }

    @Test
    void answers_the_gateway_for_the_caller_it_names() {
        int status = given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/alice")
                .statusCode();
        assertTrue(status != 401 && status != 403, "the gateway's call for alice is let through: " + status);
    }
}
