package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * Bodies at the gateway: 16 MiB for ordinary requests, answered 413 problem+json above it, and more for the directory
 * import, which is piped to activity-service (not running here, so the import itself answers 503).
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class GatewayBodyLimitTest {

    private static final String IMPORT = "/api/v1/directory/import";
    private static final int SEVENTEEN_MIB = 17 * 1024 * 1024;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private record Answer(int status, String contentType, String body) {}

    private static Answer post(String path, String token, String contentType, byte[] body, boolean chunked)
            throws IOException, InterruptedException {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(publisher)
                .build();
        HttpResponse<String> response =
                ContractValidation.checkAnswer(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    private static byte[] largeBatch() {
        return ("{\"events\": []" + " ".repeat(SEVENTEEN_MIB) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] largeImport() {
        String line = "{\"kind\": \"member\", \"memberId\": \"m-1\", \"login\": \"m1\", \"displayName\": \"M\","
                + " \"industry\": \"software\"}\n";
        return line.repeat(SEVENTEEN_MIB / line.length() + 1).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answers_a_body_over_16_mib_with_a_413_problem() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            Answer answer = post(
                    "/api/v1/activities", TestTokens.token("crm", "ingest"), "application/json", largeBatch(), chunked);
            assertEquals(413, answer.status(), "chunked: " + chunked);
            assertEquals("application/problem+json", answer.contentType());
            assertEquals(
                    "urn:ssi:problem:payload-too-large",
                    JsonPath.from(answer.body()).getString("type"));
        }
    }

    @Test
    void lets_a_directory_import_over_16_mib_through_to_activity_service() throws Exception {
        Answer answer = post(IMPORT, TestTokens.token("root", "admin"), "application/x-ndjson", largeImport(), false);
        assertEquals(503, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.contentType());
        assertEquals("urn:ssi:problem:unavailable", JsonPath.from(answer.body()).getString("type"));
    }

    @Test
    @ContractValidation.AnswersOnly("a JSON body to the import, refused with 415 on purpose")
    void refuses_the_import_to_a_rep_and_without_a_token() throws Exception {
        byte[] line = "memberId,login,displayName,industry\nm-1,m1,M,software\n".getBytes(StandardCharsets.UTF_8);
        Answer rep = post(IMPORT, TestTokens.token("alice", "rep"), "text/csv", line, false);
        assertEquals(403, rep.status());
        assertEquals("application/problem+json", rep.contentType());
        given().contentType("text/csv")
                .body(line)
                .post(IMPORT)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .contentType("application/json")
                .body("{}")
                .post(IMPORT)
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void describes_the_import_in_the_openapi_document() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/directory/import'.post.operationId", equalTo("importDirectory"))
                .body(
                        "paths.'/api/v1/directory/import'.post.requestBody.content.keySet()",
                        hasItems("application/x-ndjson", "text/csv"));
    }
}
