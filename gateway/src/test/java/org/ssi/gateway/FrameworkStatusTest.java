package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An error the framework raises with a status the catalogue has no type for keeps its status; it is not a 400. */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class FrameworkStatusTest {

    /** Raises what a framework layer would: a bare WebApplicationException of the status asked for. */
    @Path("/test-only/status")
    public static class RaisingResource {
        @GET
        @PermitAll
        @Path("/{status}")
        public String raise(@PathParam("status") int status) {
            throw new WebApplicationException(status);
        }
    }

    @Test
    void keeps_a_4xx_status_the_catalogue_has_no_type_for() {
        for (int status : new int[] {408, 412, 416, 428}) {
            given().get("/test-only/status/" + status)
                    .then()
                    .statusCode(status)
                    .contentType("application/problem+json")
                    .body("status", equalTo(status))
                    .body("type", equalTo("about:blank"));
        }
    }

    @Test
    void answers_a_4xx_the_catalogue_has_with_its_type() {
        given().get("/test-only/status/414")
                .then()
                .statusCode(414)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:uri-too-long"));
        given().get("/test-only/status/409").then().statusCode(409).body("type", equalTo("urn:ssi:problem:conflict"));
    }
}
