package org.ssi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.TestTokens;

/**
 * A body without a media type, or that is not well-formed UTF-8, is refused at the gateway (both found by the
 * end-to-end HostileInputIT).
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ContentTypeTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, null, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(String method, String path, String token, String type, byte[] body)
            throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, publisher);
        if (type != null) {
            request.header("Content-Type", type);
        }
        return ContractValidation.checkAnswer(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void refuses_a_body_that_is_not_well_formed_utf8_with_a_400_problem() throws Exception {
        // C0 AF is an overlong '/', ED A0 80 an encoded half of a surrogate pair, FF no UTF-8 at all.
        for (byte[] bad :
                new byte[][] {{(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xff}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes("{\"login\": \"m1\", \"displayName\": \"M".getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bad);
            body.writeBytes("\", \"industry\": \"software\"}".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> answer = send(
                    "PUT",
                    "/api/v1/members/m-1",
                    TestTokens.token("crm", "ingest"),
                    "application/json",
                    body.toByteArray());
            assertEquals(400, answer.statusCode(), answer.body());
            assertEquals(
                    "urn:ssi:problem:malformed-request",
                    JsonPath.from(answer.body()).getString("type"));
        }
    }

    @Test
    void refuses_a_member_sent_without_a_content_type_with_a_415_problem() throws Exception {
        String member = "{\"login\": \"m1\", \"displayName\": \"M\", \"industry\": \"software\"}";
        for (String method : new String[] {"PUT", "POST"}) {
            String path = method.equals("PUT") ? "/api/v1/members/m-1" : "/api/v1/activities";
            HttpResponse<String> answer = send(method, path, TestTokens.token("crm", "ingest"), member);
            assertEquals(415, answer.statusCode(), answer.body());
            assertEquals(
                    "application/problem+json",
                    answer.headers().firstValue("Content-Type").orElse(null));
            assertEquals(
                    "urn:ssi:problem:unsupported-media-type",
                    JsonPath.from(answer.body()).getString("type"));
        }
    }

    @Test
    void lets_a_post_without_a_body_through_without_a_content_type() throws Exception {
        HttpResponse<String> answer =
                send("POST", "/api/v1/admin/rollover?day=2026-01-01", TestTokens.token("root", "admin"), null);
        assertNotEquals(415, answer.statusCode(), answer.body());
    }
}
