package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A request line over 4 KiB and headers over 20 KiB are refused as problem+json, not with the codec's empty body. */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RequestHeadLimitsTest {

    @Test
    void answers_a_request_target_over_4_kib_with_a_uri_too_long_problem() {
        given().get("/api/v1/me/ssi?pad=" + "a".repeat(5000))
                .then()
                .statusCode(414)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:uri-too-long"))
                .body("title", equalTo("The request target is too long"))
                .body("status", equalTo(414));
        given().get("/api/v1/me/ssi?pad=" + "a".repeat(3900))
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void answers_headers_over_20_kib_with_a_headers_too_large_problem() {
        given().header("X-Pad", "a".repeat(25_000))
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(431)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:headers-too-large"))
                .body("title", equalTo("The request headers are too large"))
                .body("status", equalTo(431));
        given().header("X-Pad", "a".repeat(15_000))
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }
}
