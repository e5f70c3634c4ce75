package org.ssi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.TestTokens;

/** A body without a media type is refused at the gateway (found by the end-to-end HostileInputIT). */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class ContentTypeTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, publisher)
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
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
