package org.ssi.gateway.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * /q/openapi is the contract api/openapi.yaml, as written: the build copies the file and nothing is generated or
 * added, so a client generated from either is the same client.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ServedContractTest {

    /** The contract in the repository; tests run in the gateway module's folder. */
    static final Path CONTRACT = Path.of("..", "api", "openapi.yaml");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** The document served at the path as JSON, which it must be declared as. */
    private static JsonNode servedAsJson(RequestSpecification request, String path) throws IOException {
        String served = request.get(path)
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .extract()
                .asString();
        return JSON.readTree(served);
    }

    static JsonNode contract() throws IOException {
        return YAML.readTree(CONTRACT.toFile());
    }

    @Test
    void serves_the_contract_as_yaml_by_default() throws IOException {
        String served =
                given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertSame(contract(), YAML.readTree(served));
    }

    @Test
    void serves_the_contract_as_json_when_asked_by_query() throws IOException {
        assertSame(contract(), servedAsJson(given(), "/q/openapi?format=json"));
    }

    @Test
    void serves_the_contract_as_json_when_asked_by_accept() throws IOException {
        assertSame(contract(), servedAsJson(given().accept("application/json"), "/q/openapi"));
    }

    @Test
    void swagger_ui_shows_the_contract_and_signs_in_with_the_portal_client_and_pkce() {
        String config = given().get("/q/swagger-ui/index.html")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(config.contains("url: '/q/openapi'"), "Swagger UI loads /q/openapi");
        assertTrue(config.contains("clientId: 'ssi-portal'"), "Swagger UI signs in with the public client ssi-portal");
        assertTrue(config.contains("usePkceWithAuthorizationCodeGrant: true"), "Swagger UI signs in with PKCE");
    }

    /** Equal trees, with the first difference named so that a failure says what the gateway changed. */
    private static void assertSame(JsonNode expected, JsonNode served) {
        assertTrue(
                expected.equals(served),
                () -> "served document differs from api/openapi.yaml at " + TreeDifference.first(expected, served));
    }
}
